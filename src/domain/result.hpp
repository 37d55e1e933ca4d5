#pragma once
// Errors as values. Result<T> uses std::expected's names, so C++23 is a rename.
#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace wp::domain {

// protocol.md's error codes; api/ maps each to its HTTP status in one table.
enum class Errc { bad_request, unauthorized, forbidden, not_found, conflict, rate_limited, too_large,
                  unavailable };

std::string_view to_string(Errc code);

struct Error {
    Errc code;
    std::string message;  // names the field and the rule, e.g. "delta: -100..100, not 0"
};

inline Error bad_request(std::string message) { return {Errc::bad_request, std::move(message)}; }

template <class T>
class [[nodiscard]] Result {
public:
    // Asio's co_spawn needs a default-constructible result; an empty Result is an error.
    Result() : v_(Error{Errc::unavailable, "no result"}) {}
    Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit like std::expected
    Result(Error error) : v_(std::move(error)) {}  // NOLINT

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & { assert(has_value()); return std::get<0>(v_); }
    const T& value() const& { assert(has_value()); return std::get<0>(v_); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
    const Error& error() const { assert(!has_value()); return std::get<1>(v_); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, Error> v_;
};

using Status = Result<std::monostate>;
inline Status ok() { return std::monostate{}; }

}  // namespace wp::domain
