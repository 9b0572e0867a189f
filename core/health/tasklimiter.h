// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <deque>
#include <functional>

namespace rd::health {

// Runs at most `limit` asynchronous tasks at a time; the rest wait in order. A task receives
// a `release` function it calls once when its work is done (single-threaded: the owner's thread).
class TaskLimiter
{
public:
    using Release = std::function<void()>;
    using Task = std::function<void(Release release)>;

    explicit TaskLimiter(int limit) : m_limit(std::max(1, limit)) {}
    TaskLimiter(const TaskLimiter &) = delete;
    TaskLimiter &operator=(const TaskLimiter &) = delete;

    void submit(Task task);
    int running() const { return m_running; }
    qsizetype waiting() const { return qsizetype(m_waiting.size()); }
    int limit() const { return m_limit; }
    void setLimit(int limit)
    {
        m_limit = std::max(1, limit);
        pump();
    }
    int peak() const { return m_peak; } // most tasks that ever ran at once
    void clear() { m_waiting.clear(); }

private:
    void pump();

    int m_limit;
    int m_running = 0;
    int m_peak = 0;
    bool m_pumping = false;
    std::deque<Task> m_waiting;
};

} // namespace rd::health
