// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "versionprobe.h"

#include <QList>
#include <QString>

namespace rd::release {
struct EnvironmentMatrix;
}

namespace rd::health {

// Desired (what the registry and git say an environment runs) against live (what its probe
// says) for one environment and artifact.
struct Drift
{
    enum class State { InSync, Drifted, Unknown };
    QString environment;
    QString artifact;
    QString desired;    // the version tag, or the digest when no tag names it; empty: not deployed
    QString live;       // empty: the probe gave nothing (see error)
    State state = State::Unknown;
    QString error;      // for Unknown: why it is not known

    bool isDrifted() const { return state == State::Drifted; }
};

// "in-sync", "drift", "unknown".
QString driftStateName(Drift::State state);

// One entry per probe result. Live matches desired when it equals the desired version, any
// tag on the desired digest, or the digest itself. A failed probe (or a matrix cell that
// could not be read) is Unknown, never drift: drift is only claimed when both are known.
QList<Drift> computeDrift(const release::EnvironmentMatrix &matrix, const QList<LiveVersion> &live);

} // namespace rd::health
