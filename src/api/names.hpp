#pragma once
// The names api/'s source files use unqualified, declared once for all of them. Included by
// .cpp files only: a header of the layer spells its names out.
#include <nlohmann/json.hpp>

#include "domain/result.hpp"

namespace wp::api {

using domain::Errc;
using domain::Error;
using domain::Result;
using nlohmann::json;

}  // namespace wp::api
