// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthmonitor.h"

#include "checkrunner.h"

#include <QTimer>

namespace rd::health {

namespace {

CheckState initialState(const CheckSpec &spec, int thresholdOverride)
{
    // Slow means more than half of the time the check is allowed.
    return CheckState(thresholdOverride > 0 ? thresholdOverride : spec.failureThreshold, spec.timeout / 2);
}

} // namespace

HealthMonitor::HealthMonitor(QList<CheckSpec> checks, QObject *parent)
    : QObject(parent), m_specs(std::move(checks))
{
    for (qsizetype i = 0; i < m_specs.size(); ++i) {
        const CheckSpec &spec = m_specs[i];
        m_states.append(initialState(spec, 0));
        m_runs.append(Run::Idle);
        qsizetype environment = m_environments.indexOf(spec.environment);
        if (environment < 0) {
            environment = m_environments.size();
            m_environments.append(spec.environment);
            m_tallies.append(Tally());
        }
        m_environmentOf.append(environment);
        ++m_tallies[environment].counts[int(Status::Unknown)];
    }
}

HealthMonitor::~HealthMonitor()
{
    m_destroying = true;
    stop();
    // Running checks are children of the monitor and die with it, without calling back.
}

void HealthMonitor::setMaxConcurrent(int limit)
{
    m_limiter.setLimit(limit);
}

void HealthMonitor::setFailureThresholdOverride(int threshold)
{
    m_thresholdOverride = threshold;
    for (qsizetype i = 0; i < m_specs.size(); ++i) {
        Tally &tally = m_tallies[m_environmentOf[i]];
        --tally.counts[int(m_states[i].status())];
        m_states[i] = initialState(m_specs[i], threshold);
        ++tally.counts[int(Status::Unknown)];
    }
}

void HealthMonitor::runOnce()
{
    for (qsizetype i = 0; i < m_specs.size(); ++i)
        enqueue(i);
    if (m_specs.isEmpty())
        QMetaObject::invokeMethod(this, &HealthMonitor::idle, Qt::QueuedConnection);
}

void HealthMonitor::start()
{
    stop();
    for (qsizetype i = 0; i < m_specs.size(); ++i) {
        auto *timer = new QTimer(this);
        timer->setInterval(m_specs[i].interval);
        connect(timer, &QTimer::timeout, this, [this, i] { enqueue(i); });
        timer->start();
        m_timers.append(timer);
    }
    runOnce();
}

void HealthMonitor::stop()
{
    qDeleteAll(m_timers);
    m_timers.clear();
    // Checks already running finish (their results are still taken in); waiting ones are dropped.
    m_limiter.clear();
    for (Run &run : m_runs) {
        if (run == Run::Waiting) {
            run = Run::Idle;
            --m_busyCount;
        }
    }
}

bool HealthMonitor::isIdle() const
{
    return m_busyCount == 0;
}

QStringList HealthMonitor::environments() const
{
    return m_environments;
}

Status HealthMonitor::environmentStatus(const QString &environment) const
{
    const qsizetype index = m_environments.indexOf(environment);
    return index < 0 ? Status::Unknown : m_tallies[index].status();
}

Status HealthMonitor::Tally::status() const
{
    const qsizetype known = counts[int(Status::Healthy)] + counts[int(Status::Degraded)] + counts[int(Status::Down)];
    if (known == 0)
        return Status::Unknown;
    if (counts[int(Status::Healthy)] == known)
        return Status::Healthy;
    if (counts[int(Status::Down)] == known)
        return Status::Down;
    return Status::Degraded;
}

void HealthMonitor::enqueue(qsizetype index)
{
    if (m_destroying || m_runs[index] != Run::Idle)
        return; // the previous run is still going: a check never overlaps itself
    m_runs[index] = Run::Waiting;
    ++m_busyCount;
    m_limiter.submit([this, index](TaskLimiter::Release release) {
        m_runs[index] = Run::Running;
        runCheck(m_specs[index], m_network, this, [this, index, release](const CheckResult &result) {
            release();
            finished(index, result);
        });
    });
}

void HealthMonitor::finished(qsizetype index, const CheckResult &result)
{
    if (m_destroying)
        return;
    if (m_runs[index] != Run::Idle) {
        m_runs[index] = Run::Idle;
        --m_busyCount;
    }
    const Status before = m_states[index].status();
    const Status after = m_states[index].apply(result);
    Q_EMIT checkFinished(index, result);
    if (before != after) {
        // An environment changes only when one of its checks does.
        const qsizetype environment = m_environmentOf[index];
        Tally &tally = m_tallies[environment];
        const Status environmentBefore = tally.status();
        --tally.counts[int(before)];
        ++tally.counts[int(after)];
        const Status environmentAfter = tally.status();
        Q_EMIT checkStatusChanged(index, before, after);
        if (environmentBefore != environmentAfter)
            Q_EMIT environmentStatusChanged(m_environments[environment], environmentBefore, environmentAfter);
    }
    if (m_busyCount == 0)
        Q_EMIT idle();
}

} // namespace rd::health
