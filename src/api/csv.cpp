#include "api/csv.hpp"

namespace wp::api {

std::string csv_text(std::string_view cell) {
    std::string value;
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) value = "'";
    value += cell;
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

}  // namespace wp::api
