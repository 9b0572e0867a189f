// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasklimiter.h"

#include <memory>

namespace rd::health {

void TaskLimiter::submit(Task task)
{
    m_waiting.push_back(std::move(task));
    pump();
}

void TaskLimiter::pump()
{
    // A task that releases at once would otherwise recurse into pump() once per waiting task.
    if (m_pumping)
        return;
    m_pumping = true;
    while (m_running < m_limit && !m_waiting.empty()) {
        Task task = std::move(m_waiting.front());
        m_waiting.pop_front();
        ++m_running;
        m_peak = std::max(m_peak, m_running);
        auto released = std::make_shared<bool>(false);
        task([this, released] {
            if (*released)
                return;
            *released = true;
            --m_running;
            pump();
        });
    }
    m_pumping = false;
}

} // namespace rd::health
