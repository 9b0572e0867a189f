// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checkresult.h"
#include "checkrunner.h"
#include "checkspec.h"
#include "checkstate.h"
#include "tasklimiter.h"

#include <QList>
#include <QObject>
#include <QStringList>

class QTimer;

namespace rd::health {

// Runs health checks and keeps their state. `runOnce()` runs every check now; `start()` runs
// every check now and then each at its own interval until `stop()`. At most
// `maxConcurrent` checks run at a time, and a check never overlaps itself: a slow endpoint
// holds only its own slot, so the others keep their pace. Transitions arrive as signals;
// everything happens on the monitor's thread (one HTTP client per set of trusted certificates).
class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    explicit HealthMonitor(QList<CheckSpec> checks, QObject *parent = nullptr);
    ~HealthMonitor() override;

    void setMaxConcurrent(int limit);     // before the first run; default 16
    // A failure threshold to use instead of each check's own (1: a single failure is down,
    // as for a one-shot `health` where there is no history to smooth over). 0: the checks' own.
    void setFailureThresholdOverride(int threshold);

    void runOnce();
    void start();
    void stop();
    bool isIdle() const;                  // nothing running or waiting

    const QList<CheckSpec> &specs() const { return m_specs; }
    const CheckState &state(qsizetype index) const { return m_states.at(index); }
    QStringList environments() const;     // in workspace order
    Status environmentStatus(const QString &environment) const;
    int peakConcurrency() const { return m_limiter.peak(); }

Q_SIGNALS:
    void checkFinished(qsizetype index, const rd::health::CheckResult &result);
    void checkStatusChanged(qsizetype index, rd::health::Status from, rd::health::Status to);
    void environmentStatusChanged(const QString &environment, rd::health::Status from, rd::health::Status to);
    // Every check that was started has finished and none is waiting.
    void idle();

private:
    void enqueue(qsizetype index);
    void finished(qsizetype index, const CheckResult &result);

    // Per environment, how many of its checks are in each status: its status in O(1).
    struct Tally
    {
        qsizetype counts[4] = {0, 0, 0, 0};
        Status status() const;
    };

    QList<CheckSpec> m_specs;
    QStringList m_environments;            // in workspace order
    QList<qsizetype> m_environmentOf;      // per check: its index in m_environments
    QList<Tally> m_tallies;                // per environment
    QList<CheckState> m_states;
    enum class Run { Idle, Waiting, Running };
    QList<Run> m_runs;
    QList<QTimer *> m_timers;
    NetworkPool m_network{this};
    TaskLimiter m_limiter{16};
    int m_thresholdOverride = 0;
    qsizetype m_busyCount = 0;             // waiting or running
    bool m_destroying = false;
};

} // namespace rd::health
