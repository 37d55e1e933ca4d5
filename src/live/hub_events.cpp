// Events as they come: the feed's, through its pacer (live/hub_pace.cpp sends what it held
// back), and a cheer to every connection of its recipient not already on the feed.
#include "live/hub.hpp"

namespace wp::live {

void Hub::forward_events(const std::string& team, const nlohmann::json& notice) {
    auto events = notice.find("events");
    if (events == notice.end() || !events->is_array()) return;
    auto feed = topics_.find(key_of(team, domain::topic::Feed{}));
    auto now = std::chrono::steady_clock::now();
    for (const auto& ev : *events) {
        if (feed != topics_.end() && feed->second.pacer) {
            send_events(feed->second, feed->second.pacer->offer(ev, now));
            if (auto due = feed->second.pacer->due()) {
                paced_.insert(feed->first);
                schedule_pace(*due);
            }
        }
        // A cheer also reaches every connection of its recipient not already on the feed.
        if (ev.value("kind", "") == "cheer" && ev.contains("to") && ev["to"].is_string()) {
            Frame frame;
            connections_.for_rep(team, ev["to"].get<std::string>(), [&](const std::shared_ptr<Subscriber>& s) {
                bool on_feed = feed != topics_.end() && feed->second.subscribers.contains(s.get());
                if (on_feed) return;
                if (!frame) frame = std::make_shared<const std::string>(nlohmann::json{{"type", "event"}, {"event", ev}}.dump());
                lanes_.post(s, frame);
            });
        }
    }
}

}  // namespace wp::live
