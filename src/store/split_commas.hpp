#pragma once
// "a,b,c" -> {"a", "b", "c"}: how challenges store their participants.
#include <string>
#include <vector>

namespace wp::store {

inline std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start < text.size();) {
        auto comma = text.find(',', start);
        out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace wp::store
