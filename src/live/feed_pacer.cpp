#include "live/feed_pacer.hpp"

#include <algorithm>

namespace wp::live {

using nlohmann::json;

namespace {
std::string text(const json& event, const char* field) {
    auto it = event.find(field);
    return it != event.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

std::vector<json> FeedPacer::offer(json event, Clock::time_point now) {
    auto out = release(now);
    if (now - window_ >= std::chrono::seconds(1)) {  // a quiet second: a new window
        window_ = now;
        sent_ = 0;
    }
    if (!waiting() && sent_ < per_second_) {
        ++sent_;
        out.push_back(std::move(event));
    } else {
        hold(std::move(event));
    }
    return out;
}

void FeedPacer::hold(json event) {
    if (text(event, "kind") != "activity") {
        if (held_.size() == max_held) held_.pop_front();
        held_.push_back(std::move(event));
        return;
    }
    auto rep = text(event, "rep");
    auto it = std::find_if(bursts_.begin(), bursts_.end(), [&](const Burst& b) { return b.rep == rep; });
    if (it == bursts_.end()) it = bursts_.insert(bursts_.end(), Burst{rep, text(event, "name"), {}, {}, 0, json::object()});
    ++it->count;
    it->last_id = text(event, "id");
    it->last_at = text(event, "at");
    auto metric = text(event, "metric");
    auto delta = event.value("delta", json(1));
    if (!metric.empty() && delta.is_number_integer())
        it->metrics[metric] = it->metrics.value(metric, std::int64_t{0}) + delta.get<std::int64_t>();
}

json FeedPacer::summary(const Burst& b) {
    return {{"id", "burst-" + b.last_id}, {"kind", "activity.burst"}, {"at", b.last_at}, {"rep", b.rep},
            {"name", b.name.empty() ? b.rep : b.name}, {"count", b.count}, {"metrics", b.metrics}};
}

std::optional<FeedPacer::Clock::time_point> FeedPacer::due() const {
    if (!waiting()) return std::nullopt;
    return window_ + std::chrono::seconds(1);
}

std::vector<json> FeedPacer::release(Clock::time_point now) {
    std::vector<json> out;
    if (!waiting() || now < window_ + std::chrono::seconds(1)) return out;
    window_ = now;
    sent_ = 0;
    while (sent_ < per_second_ && !held_.empty()) {
        out.push_back(std::move(held_.front()));
        held_.pop_front();
        ++sent_;
    }
    std::size_t summarised = 0;
    for (; sent_ < per_second_ && summarised < bursts_.size(); ++summarised, ++sent_) out.push_back(summary(bursts_[summarised]));
    bursts_.erase(bursts_.begin(), bursts_.begin() + static_cast<std::ptrdiff_t>(summarised));
    return out;
}

}  // namespace wp::live
