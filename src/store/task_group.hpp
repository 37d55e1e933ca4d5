#pragma once
// Coroutines that stop together (the task group of Beast's server-flex-awaitable example):
// each is spawned with a cancellation slot of its own; cancel() emits terminal cancellation to
// every one still running, on its own executor, and wait() completes once none is left or a
// deadline has passed. No coroutine is spawned `detached`: one whose exception escapes is
// logged, as on_escape does, except the operation_aborted a cancelled one ends with.
//
// The bookkeeping is shared with the tasks' completion handlers, so a group destroyed before its
// io_context (which then destroys the tasks still pending) is never touched after its end.
// spawn() and cancel() may be called from any thread; wait() from one coroutine at a time.
#include <spdlog/spdlog.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace wp::store {

class TaskGroup {
    struct Task {
        boost::asio::cancellation_signal signal;
        boost::asio::any_io_executor executor;
    };
    struct Shared {
        std::mutex mutex;
        std::map<std::uint64_t, Task> tasks;
        std::uint64_t next_id = 0;
        bool cancelled = false;
        boost::asio::steady_timer* idle = nullptr;  // the group's, while it lives: wakes wait()
    };

public:
    // `executor`: where wait() is woken.
    explicit TaskGroup(boost::asio::any_io_executor executor)
        : shared_(std::make_shared<Shared>()), idle_(executor, boost::asio::steady_timer::time_point::max()) {
        shared_->idle = &idle_;
    }
    ~TaskGroup() {
        std::lock_guard lock(shared_->mutex);
        shared_->idle = nullptr;
    }
    TaskGroup(const TaskGroup&) = delete;
    TaskGroup& operator=(const TaskGroup&) = delete;

    // Runs `task` on `executor` as a member of the group; `where` names it in the log. After
    // cancel() nothing new starts: returns false.
    template <class Awaitable>
    bool spawn(const boost::asio::any_io_executor& executor, Awaitable&& task, const char* where) {
        std::uint64_t id = 0;
        boost::asio::cancellation_slot slot;
        {
            std::lock_guard lock(shared_->mutex);
            if (shared_->cancelled) return false;
            id = ++shared_->next_id;
            auto& t = shared_->tasks[id];
            t.executor = executor;
            slot = t.signal.slot();
        }
        boost::asio::co_spawn(executor, std::forward<Awaitable>(task),
                              boost::asio::bind_cancellation_slot(slot, Done{shared_, id, where}));
        return true;
    }

    // Terminal cancellation to every task still running; later spawns are refused.
    void cancel() {
        std::vector<std::pair<std::uint64_t, boost::asio::any_io_executor>> running;
        {
            std::lock_guard lock(shared_->mutex);
            shared_->cancelled = true;
            for (auto& [id, t] : shared_->tasks) running.emplace_back(id, t.executor);
        }
        // Emitted on the task's own executor: a signal's handler cancels what the task awaits,
        // which only its loop may touch.
        for (auto& [id, executor] : running)
            boost::asio::post(executor, [shared = shared_, id = id] {
                boost::asio::cancellation_signal* signal = nullptr;
                {
                    std::lock_guard lock(shared->mutex);
                    if (auto it = shared->tasks.find(id); it != shared->tasks.end()) signal = &it->second.signal;
                }
                // Not under the lock: a task that ends at once takes it in Done. The entry
                // stays until then: only Done erases it, on this same executor.
                if (signal) signal->emit(boost::asio::cancellation_type::terminal);
            });
    }

    std::size_t size() const {
        std::lock_guard lock(shared_->mutex);
        return shared_->tasks.size();
    }
    bool cancelled() const {
        std::lock_guard lock(shared_->mutex);
        return shared_->cancelled;
    }

    // Completes once no task is left (at once when none is): true; or false once `within` has
    // passed with some still running.
    boost::asio::awaitable<bool> wait(std::chrono::steady_clock::duration within = std::chrono::hours(24 * 365)) {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (true) {
            // Ends when the last task's Done cancels the timer, or at the deadline.
            int outcome = co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(int)>(
                [this, deadline](auto handler) {
                    auto ex = boost::asio::get_associated_executor(handler, idle_.get_executor());
                    auto resume = boost::asio::bind_executor(ex, [h = std::move(handler)](int state) mutable {
                        std::move(h)(state);
                    });
                    std::lock_guard lock(shared_->mutex);
                    bool empty = shared_->tasks.empty();
                    if (empty || std::chrono::steady_clock::now() >= deadline) {
                        boost::asio::post(boost::asio::append(std::move(resume), empty ? 1 : 0));
                        return;
                    }
                    // Under the lock, so the last task's Done cannot cancel the timer between
                    // the check above and this wait.
                    idle_.expires_at(deadline);
                    idle_.async_wait([resume = std::move(resume)](boost::system::error_code) mutable {
                        boost::asio::dispatch(boost::asio::append(std::move(resume), 2));
                    });
                },
                boost::asio::use_awaitable);
            if (outcome != 2) co_return outcome == 1;  // 2: woken, look again
        }
    }

private:
    // The completion handler: takes the task off the list (waking wait() when it was the last)
    // and logs an exception that escaped it.
    struct Done {
        std::shared_ptr<Shared> shared;
        std::uint64_t id;
        const char* where;
        void operator()(std::exception_ptr e) const {
            bool cancelled = false;
            {
                std::lock_guard lock(shared->mutex);
                shared->tasks.erase(id);
                cancelled = shared->cancelled;
                if (shared->tasks.empty() && shared->idle) shared->idle->cancel();
            }
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const boost::system::system_error& ex) {
                if (cancelled && ex.code() == boost::asio::error::operation_aborted) return;  // stopped, as asked
                spdlog::error("coroutine.escaped where={} error=\"{}\"", where, ex.what());
            } catch (const std::exception& ex) {
                spdlog::error("coroutine.escaped where={} error=\"{}\"", where, ex.what());
            }
        }
    };

    std::shared_ptr<Shared> shared_;
    boost::asio::steady_timer idle_;
};

}  // namespace wp::store
