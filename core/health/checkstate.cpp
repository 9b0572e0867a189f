// SPDX-License-Identifier: GPL-3.0-or-later
#include "checkstate.h"

using namespace Qt::StringLiterals;

namespace rd::health {

QString statusName(Status status)
{
    switch (status) {
    case Status::Healthy:
        return u"healthy"_s;
    case Status::Degraded:
        return u"degraded"_s;
    case Status::Down:
        return u"down"_s;
    case Status::Unknown:
        break;
    }
    return u"unknown"_s;
}

void History::append(const HistoryPoint &point)
{
    if (m_points.size() < m_capacity) {
        m_points.append(point);
        return;
    }
    m_points[m_next] = point;
    m_next = (m_next + 1) % m_capacity;
}

QList<HistoryPoint> History::points() const
{
    QList<HistoryPoint> ordered;
    ordered.reserve(m_points.size());
    for (qsizetype i = 0; i < m_points.size(); ++i)
        ordered.append(m_points[(m_next + i) % m_points.size()]);
    return ordered;
}

CheckState::CheckState(int failureThreshold, std::chrono::milliseconds slowAfter, qsizetype historyCapacity)
    : m_threshold(std::max(1, failureThreshold)), m_slowAfter(slowAfter), m_history(historyCapacity)
{
}

Status CheckState::apply(const CheckResult &result)
{
    m_last = result;
    switch (result.outcome) {
    case CheckResult::Outcome::Passed:
        m_failures = 0;
        m_status = result.latencyMs && *result.latencyMs > m_slowAfter.count() ? Status::Degraded : Status::Healthy;
        break;
    case CheckResult::Outcome::Failed:
        ++m_failures;
        m_status = m_failures >= m_threshold ? Status::Down : Status::Degraded;
        break;
    case CheckResult::Outcome::NotRun:
        m_status = Status::Unknown;
        break;
    }
    m_history.append({result.finishedAt, m_status, result.latencyMs});
    return m_status;
}

Status environmentStatus(const QList<Status> &checks)
{
    qsizetype known = 0, healthy = 0, down = 0;
    for (const Status status : checks) {
        if (status == Status::Unknown)
            continue;
        ++known;
        healthy += status == Status::Healthy;
        down += status == Status::Down;
    }
    if (known == 0)
        return Status::Unknown;
    if (healthy == known)
        return Status::Healthy;
    if (down == known)
        return Status::Down;
    return Status::Degraded;
}

} // namespace rd::health
