// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace rd::health {

// How a check, or an environment, is doing. Unknown: not run yet, or it cannot run here.
// Degraded: answering but slow, failing fewer times in a row than its threshold, or (for an
// environment) some of its checks failing. Down: failed `failure_threshold` times in a row
// (for an environment: all of its checks that ran are down).
enum class Status { Unknown, Healthy, Degraded, Down };

// "unknown", "healthy", "degraded", "down": the words of the CLI's JSON contract.
QString statusName(Status status);

// The outcome of running one check once.
struct CheckResult
{
    enum class Outcome { Passed, Failed, NotRun };
    Outcome outcome = Outcome::NotRun;
    std::optional<qint64> latencyMs; // how long it took; empty when it did not run
    QString error;                   // one sentence when it did not pass
    QDateTime finishedAt;            // UTC

    bool passed() const { return outcome == Outcome::Passed; }
};

} // namespace rd::health
