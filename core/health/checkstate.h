// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checkresult.h"

#include <QList>
#include <chrono>

namespace rd::health {

// One point of a check's history: when, what it was, how long it took.
struct HistoryPoint
{
    QDateTime at;
    Status status = Status::Unknown;
    std::optional<qint64> latencyMs;
};

// The most recent `capacity` points, oldest first; older ones are overwritten.
class History
{
public:
    explicit History(qsizetype capacity = 120) : m_capacity(std::max<qsizetype>(1, capacity)) {}
    void append(const HistoryPoint &point);
    QList<HistoryPoint> points() const;
    qsizetype size() const { return m_points.size(); }
    qsizetype capacity() const { return m_capacity; }

private:
    qsizetype m_capacity;
    qsizetype m_next = 0; // where the next point goes once the ring is full
    QList<HistoryPoint> m_points;
};

// The state of one check over time. A pass is healthy, or degraded when slower than
// `slowAfter` (half the check's timeout by default); a failure is degraded until it has
// happened `failureThreshold` times in a row, then down — so one lost packet does not page
// anyone. A check that cannot run is unknown.
class CheckState
{
public:
    explicit CheckState(int failureThreshold = 3, std::chrono::milliseconds slowAfter = std::chrono::milliseconds(2'500),
                        qsizetype historyCapacity = 120);

    // Takes one result in and returns the new status.
    Status apply(const CheckResult &result);

    Status status() const { return m_status; }
    int consecutiveFailures() const { return m_failures; }
    const CheckResult &last() const { return m_last; }
    const History &history() const { return m_history; }
    int failureThreshold() const { return m_threshold; }

private:
    int m_threshold;
    std::chrono::milliseconds m_slowAfter;
    Status m_status = Status::Unknown;
    int m_failures = 0;
    CheckResult m_last;
    History m_history;
};

// An environment's status from its checks' statuses: unknown when none is known; healthy
// when every known check is; down when every known check is down; degraded otherwise.
Status environmentStatus(const QList<Status> &checks);

} // namespace rd::health
