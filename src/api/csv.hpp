#pragma once
// One cell of a CSV export (RFC 4180), safe to open in a spreadsheet: text that begins with
// '=', '+', '-', '@', a tab or a carriage return would be read as a formula (a name such as
// =HYPERLINK(...) runs when the manager opens the file), so it is prefixed with "'"; a cell
// holding a comma, quote or line break is quoted, its quotes doubled.
#include <string>
#include <string_view>

namespace wp::api {

std::string csv_text(std::string_view cell);

}  // namespace wp::api
