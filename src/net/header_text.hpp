#pragma once
// Header values as RFC 9110 reads them: a list member or a value without its optional
// whitespace (spaces and tabs) either side.
#include <string_view>

namespace wp::net {

inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace wp::net
