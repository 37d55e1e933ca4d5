#include "domain/result.hpp"

namespace wp::domain {

std::string_view to_string(Errc code) {
    switch (code) {
        case Errc::bad_request: return "bad_request";
        case Errc::unauthorized: return "unauthorized";
        case Errc::forbidden: return "forbidden";
        case Errc::not_found: return "not_found";
        case Errc::conflict: return "conflict";
        case Errc::rate_limited: return "rate_limited";
        case Errc::too_large: return "too_large";
        case Errc::unavailable: return "unavailable";
    }
    return "unknown";  // only a value cast from outside the enumeration gets here
}

}  // namespace wp::domain
