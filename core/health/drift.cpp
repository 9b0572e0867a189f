// SPDX-License-Identifier: GPL-3.0-or-later
#include "drift.h"

#include "release/environmentmatrix.h"

using namespace Qt::StringLiterals;

namespace rd::health {

QString driftStateName(Drift::State state)
{
    switch (state) {
    case Drift::State::InSync:
        return u"in-sync"_s;
    case Drift::State::Drifted:
        return u"drift"_s;
    case Drift::State::Unknown:
        break;
    }
    return u"unknown"_s;
}

QList<Drift> computeDrift(const release::EnvironmentMatrix &matrix, const QList<LiveVersion> &live)
{
    QList<Drift> drifts;
    for (const LiveVersion &probe : live) {
        Drift drift;
        drift.environment = probe.environment;
        drift.artifact = probe.artifact;
        drift.live = probe.version;
        const qsizetype column = matrix.environmentIndex(probe.environment);
        const release::MatrixRow *row = nullptr;
        for (const release::MatrixRow &candidate : matrix.rows) {
            if (candidate.artifact == probe.artifact)
                row = &candidate;
        }
        if (column < 0 || !row || column >= row->cells.size()) {
            drift.error = u"the matrix has no cell for %1 in %2"_s.arg(probe.artifact, probe.environment);
            drifts.append(drift);
            continue;
        }
        const release::MatrixCell &cell = row->cells[column];
        if (cell.state == release::MatrixCell::State::Error) {
            drift.error = u"the desired version is not known: "_s + cell.error;
        } else if (!probe.error.isEmpty()) {
            drift.desired = cell.isDeployed() ? (cell.version.isEmpty() ? cell.digest : cell.version) : QString();
            drift.error = probe.error;
        } else {
            drift.desired = cell.isDeployed() ? (cell.version.isEmpty() ? cell.digest : cell.version) : QString();
            const bool matches = cell.isDeployed()
                && (probe.version == cell.version || cell.tags.contains(probe.version) || probe.version == cell.digest);
            drift.state = matches ? Drift::State::InSync : Drift::State::Drifted;
        }
        drifts.append(drift);
    }
    return drifts;
}

} // namespace rd::health
