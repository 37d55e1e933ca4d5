#pragma once
// A live::Subscriber that keeps what it was sent: the frames, in order, and a close's reason.
#include <boost/asio/any_io_executor.hpp>
#include <string>
#include <utility>
#include <vector>

#include "live/subscriber.hpp"

namespace wp::live_test {

class RecordingSubscriber : public live::Subscriber {
public:
    RecordingSubscriber(boost::asio::any_io_executor executor, std::string team, std::string rep,
                        std::string session = "s1")
        : executor_(std::move(executor)), team_(std::move(team)), rep_(std::move(rep)), session_(std::move(session)) {}

    void deliver(live::Frame frame, live::Topical of) override {
        frames.push_back(*frame);
        topicals.push_back(of);
    }
    void close(std::string_view reason) override { closed = std::string(reason); }
    boost::asio::any_io_executor executor() const override { return executor_; }
    const std::string& team() const override { return team_; }
    const std::string& rep() const override { return rep_; }
    const std::string& session() const override { return session_; }

    std::vector<std::string> frames;
    std::vector<live::Topical> topicals;
    std::string closed;

private:
    boost::asio::any_io_executor executor_;
    std::string team_, rep_, session_;
};

}  // namespace wp::live_test
