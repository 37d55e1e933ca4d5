#include "store/redirect.hpp"

#include <charconv>

namespace wp::store {

Redirect parse_redirect(const RedisReply& reply) {
    Redirect r;
    if (!reply.is_error()) return r;
    std::string_view text(reply.str);
    auto word = text.substr(0, text.find(' '));
    if (word == "TRYAGAIN") {
        r.kind = Redirect::Kind::try_again;
        return r;
    }
    if (word == "CLUSTERDOWN") {
        r.kind = Redirect::Kind::cluster_down;
        return r;
    }
    if (word != "MOVED" && word != "ASK") return r;
    auto rest = text.substr(word.size());
    if (rest.empty() || rest.front() != ' ') return r;
    rest.remove_prefix(1);
    auto space = rest.find(' ');
    if (space == std::string_view::npos) return r;
    unsigned slot = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + space, slot);
    if (ec != std::errc{} || p != rest.data() + space || slot >= slot_count) return r;
    auto node = NodeAddress::parse(rest.substr(space + 1));
    if (!node) return r;
    r.kind = word == "MOVED" ? Redirect::Kind::moved : Redirect::Kind::ask;
    r.slot = static_cast<std::uint16_t>(slot);
    r.node = std::move(*node);
    return r;
}

RouteDecider::Step RouteDecider::decide(const RedisReply& reply, std::chrono::milliseconds left,
                                        std::chrono::milliseconds backoff) {
    using K = Step::Kind;
    auto redirect = parse_redirect(reply);
    Step step;
    switch (redirect.kind) {
        case Redirect::Kind::none:
            return step;
        case Redirect::Kind::moved:
        case Redirect::Kind::ask:
            if (++redirects_ > limits_.max_redirects) {
                step.kind = K::give_up;
                step.why = "more than " + std::to_string(limits_.max_redirects) + " cluster redirects (last: " +
                           reply.str + ")";
                return step;
            }
            step.kind = redirect.kind == Redirect::Kind::moved ? K::resend : K::resend_asking;
            step.node = std::move(redirect.node);
            step.refresh_topology = redirect.kind == Redirect::Kind::moved;
            return step;
        case Redirect::Kind::try_again:
        case Redirect::Kind::cluster_down:
            step.refresh_topology = redirect.kind == Redirect::Kind::cluster_down;
            if (backoff >= left) {
                step.kind = K::give_up;
                step.why = (redirect.kind == Redirect::Kind::try_again ? "the team's slot is moving between nodes"
                                                                       : "the cluster is down") +
                           std::string(" (") + reply.str + ")";
                return step;
            }
            step.kind = K::wait_and_resend;
            step.wait = backoff;
            // A wait ends a chain of redirects: ASK -> TRYAGAIN -> wait -> ASK is a slot moving,
            // not a loop.
            redirects_ = 0;
            return step;
    }
    return step;
}

}  // namespace wp::store
