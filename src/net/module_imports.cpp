#include "net/module_imports.hpp"

#include <cctype>

namespace wp::net {

namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Just enough of a JavaScript tokenizer to find import declarations: identifiers, string
// literals (their value, escapes kept as written) and single punctuators.
class Lexer {
public:
    enum class Kind { end, ident, string, punct };
    struct Token {
        Kind kind = Kind::end;
        std::string_view text;
    };

    explicit Lexer(std::string_view src) : s_(src) {}

    Token next() {
        skip_space_and_comments();
        if (i_ >= s_.size()) return last_ = {Kind::end, {}};
        char c = s_[i_];
        if (c == '\'' || c == '"') return last_ = {Kind::string, quoted(c)};
        if (c == '`') {
            template_literal();
            return last_ = {Kind::string, {}};
        }
        if (ident_char(c)) {
            auto start = i_;
            while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
            return last_ = {Kind::ident, s_.substr(start, i_ - start)};
        }
        if (c == '/' && regex_may_start()) {
            regex();
            return last_ = {Kind::string, {}};
        }
        ++i_;
        return last_ = {Kind::punct, s_.substr(i_ - 1, 1)};
    }

private:
    void skip_space_and_comments() {
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i_;
            } else if (s_.compare(i_, 2, "//") == 0) {
                auto eol = s_.find('\n', i_);
                i_ = eol == std::string_view::npos ? s_.size() : eol;
            } else if (s_.compare(i_, 2, "/*") == 0) {
                auto close = s_.find("*/", i_ + 2);
                i_ = close == std::string_view::npos ? s_.size() : close + 2;
            } else {
                return;
            }
        }
    }

    std::string_view quoted(char quote) {
        auto start = ++i_;
        while (i_ < s_.size() && s_[i_] != quote && s_[i_] != '\n') i_ += s_[i_] == '\\' ? 2 : 1;
        auto end = std::min(i_, s_.size());
        ++i_;
        return s_.substr(start, end - start);
    }

    // `...${ expr }...`: the expressions may hold braces, strings and templates of their own.
    void template_literal() {
        ++i_;
        while (i_ < s_.size() && s_[i_] != '`') {
            if (s_[i_] == '\\') {
                i_ += 2;
            } else if (s_.compare(i_, 2, "${") == 0) {
                i_ += 2;
                for (int depth = 1; depth > 0;) {
                    auto t = next();
                    if (t.kind == Kind::end) return;
                    if (t.kind == Kind::punct && t.text == "{") ++depth;
                    if (t.kind == Kind::punct && t.text == "}") --depth;
                }
            } else {
                ++i_;
            }
        }
        ++i_;
    }

    // A '/' starts a regular expression unless it can divide what came before.
    bool regex_may_start() const {
        if (last_.kind == Kind::ident) return last_.text == "return" || last_.text == "typeof" || last_.text == "case";
        if (last_.kind == Kind::string) return false;
        return !(last_.kind == Kind::punct && (last_.text == ")" || last_.text == "]"));
    }

    void regex() {
        bool in_class = false;
        for (++i_; i_ < s_.size() && s_[i_] != '\n'; ++i_) {
            char c = s_[i_];
            if (c == '\\') ++i_;
            else if (c == '[') in_class = true;
            else if (c == ']') in_class = false;
            else if (c == '/' && !in_class) break;
        }
        ++i_;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    Token last_{Kind::punct, ";"};
};

bool is(const Lexer::Token& t, Lexer::Kind kind, std::string_view text = {}) {
    return t.kind == kind && (text.empty() || t.text == text);
}

// After `export {` or `export *`: the specifier of a following `from '...'`, if any.
std::optional<std::string_view> reexport_source(Lexer& lex, Lexer::Token t) {
    using K = Lexer::Kind;
    if (is(t, K::punct, "{")) {
        while (!is(t, K::punct, "}")) {
            t = lex.next();
            if (is(t, K::end)) return std::nullopt;
        }
    } else if (is(t, K::punct, "*")) {
        t = lex.next();
        if (is(t, K::ident, "as")) lex.next(), t = lex.next();
        if (is(t, K::ident, "from")) return is(t = lex.next(), K::string) ? std::optional(t.text) : std::nullopt;
        return std::nullopt;
    } else {
        return std::nullopt;
    }
    t = lex.next();
    if (!is(t, K::ident, "from")) return std::nullopt;
    t = lex.next();
    return is(t, K::string) ? std::optional(t.text) : std::nullopt;
}

}  // namespace

std::vector<std::string> module_imports(std::string_view js) {
    using K = Lexer::Kind;
    std::vector<std::string> out;
    Lexer lex(js);
    for (auto t = lex.next(); !is(t, K::end);) {
        if (!is(t, K::ident, "import") && !is(t, K::ident, "export")) {
            auto prev = t;
            t = lex.next();
            // `x.import` is a property, not a declaration.
            if (is(prev, K::punct, ".") && t.kind == K::ident) t = lex.next();
            continue;
        }
        bool import = t.text == "import";
        t = lex.next();
        if (!import) {
            if (auto source = reexport_source(lex, t)) out.emplace_back(*source);
            t = lex.next();
            continue;
        }
        if (is(t, K::punct, "(") || is(t, K::punct, ".")) continue;  // import('...'), import.meta
        if (is(t, K::string)) {
            out.emplace_back(t.text);
            t = lex.next();
            continue;
        }
        // The clause (names, braces, commas, `* as`), then `from '...'`.
        while (!is(t, K::end) && !is(t, K::punct, ";") && !is(t, K::string)) {
            bool from = is(t, K::ident, "from");
            t = lex.next();
            if (from && is(t, K::string)) {
                out.emplace_back(t.text);
                break;
            }
        }
        t = lex.next();
    }
    return out;
}

std::vector<std::string> page_module_scripts(std::string_view html) {
    std::vector<std::string> out;
    std::string lower(html);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t at = lower.find("<script"); at != std::string::npos; at = lower.find("<script", at + 7)) {
        auto close = lower.find('>', at);
        if (close == std::string::npos) break;
        auto tag = std::string_view(html).substr(at, close - at);
        auto attribute = [&](std::string_view name) -> std::optional<std::string> {
            auto low = std::string_view(lower).substr(at, close - at);
            for (auto p = low.find(name); p != std::string_view::npos; p = low.find(name, p + 1)) {
                if (!std::isspace(static_cast<unsigned char>(low[p - 1]))) continue;
                auto q = p + name.size();
                while (q < low.size() && low[q] == ' ') ++q;
                if (q >= low.size() || low[q] != '=') continue;
                ++q;
                while (q < low.size() && low[q] == ' ') ++q;
                if (q >= low.size()) return std::nullopt;
                char quote = low[q];
                if (quote != '"' && quote != '\'') {
                    auto end = tag.find_first_of(" \t\r\n", q);
                    return std::string(tag.substr(q, end == std::string_view::npos ? end : end - q));
                }
                auto end = tag.find(quote, q + 1);
                if (end == std::string_view::npos) return std::nullopt;
                return std::string(tag.substr(q + 1, end - q - 1));
            }
            return std::nullopt;
        };
        auto type = attribute("type");
        auto src = attribute("src");
        if (type && src) {
            std::string t = *type;
            for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (t == "module") out.push_back(*src);
        }
    }
    return out;
}

std::optional<std::string> module_url(std::string_view base, std::string_view specifier) {
    for (unsigned char c : specifier)
        if (!std::isalnum(c) && std::string_view("-._~/?=&%").find(static_cast<char>(c)) == std::string_view::npos)
            return std::nullopt;
    std::string joined;
    if (specifier.starts_with("/") && !specifier.starts_with("//")) {
        joined = specifier;
    } else if (specifier.starts_with("./") || specifier.starts_with("../")) {
        auto slash = base.rfind('/');
        joined = std::string(base.substr(0, slash == std::string_view::npos ? 0 : slash + 1)) + std::string(specifier);
        if (!joined.starts_with("/")) joined.insert(0, "/");
    } else {
        return std::nullopt;  // a bare name ("lit") or another origin
    }
    auto query_at = joined.find('?');
    std::string query = query_at == std::string::npos ? "" : joined.substr(query_at);
    std::string_view path = std::string_view(joined).substr(0, query_at);
    // Dot segments removed as a URL parser does: ".." never climbs above the root.
    std::vector<std::string_view> segments;
    path.remove_prefix(1);
    while (true) {
        auto slash = path.find('/');
        auto segment = path.substr(0, slash);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    std::string out;
    for (auto s : segments) out += "/" + std::string(s);
    if (out.empty()) out = "/";
    return out + query;
}

}  // namespace wp::net
