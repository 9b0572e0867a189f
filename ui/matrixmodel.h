// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "health/checkresult.h"
#include "health/drift.h"
#include "config/workspace.h"
#include "release/deploymentstate.h"
#include "release/environmentmatrix.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>

namespace rd::ui {

// Artifacts × environments: column 0 names the artifact, column 1 + i is environment i in
// promotion order. Replaced whole with setMatrix() (one reset), never edited cell by cell.
class MatrixModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles {
        StateRole = Qt::UserRole,   // MatrixCell::State as int (environment columns)
        VersionRole,                // QString
        DigestRole,                 // QString, sha256:…
        CommitRole,                 // QString, 40 hex or empty
        SubjectRole,                // QString, commit subject
        CreatedRole,                // QDateTime
        BehindRole,                 // bool
        AheadRole,                  // bool
        ErrorRole,                  // QString
        ImageRole,                  // QString (artifact column)
        LiveVersionRole,            // QString: what the version probe says runs, when it differs (drift)
        DeploymentStateRole,        // QString: "deploying", "verifying", "failed", "rolled back" while/after a plan; else empty
    };

    explicit MatrixModel(QObject *parent = nullptr);

    void setMatrix(release::EnvironmentMatrix matrix);
    const release::EnvironmentMatrix &matrix() const { return m_matrix; }
    // "Now" for ages; fixed in tests and screenshots so they are reproducible.
    void setNow(const QDateTime &now);
    // The environment's health (from the health monitor), shown as a dot in its header.
    void setEnvironmentHealth(const QString &environment, health::Status status);
    health::Status environmentHealth(const QString &environment) const;
    // Desired ≠ live: cells whose version probe reports another version are marked.
    void setDrift(const QList<health::Drift> &drift);
    // What a running or finished plan did to a cell ("deploying", "verifying", "failed",
    // "rolled back"); empty clears it. Kept across reloads, like health.
    void setDeploymentState(const QString &artifact, const QString &environment, const QString &state);
    QString deploymentState(const QString &artifact, const QString &environment) const;
    // The states ReleaseDeck recorded (<workspace>/.releasedeck/deployments.json), read on a
    // worker thread when a workspace loads, so a failed or rolled-back promotion survives a
    // restart; deploymentStatesLoaded() when applied. A deploy that was running in a process
    // that has ended shows "interrupted" (see release::StoredDeployment), not "deploying".
    void loadDeploymentStates(const config::Workspace &workspace);
    // Applies stored states: each entry replaces that cell's state (a deployed one clears it,
    // exactly as after a live run); cells not in the file keep theirs.
    void setStoredDeployments(const QList<release::StoredDeployment> &stored);
    // The cell state a stored entry shows: "", "deploying", "verifying", "failed",
    // "rolled back" or "interrupted".
    static QString cellState(const release::StoredDeployment &stored);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The short text of a cell ("v1.5.1", "not deployed"), also used by the CLI-like copy.
    QString cellText(const release::MatrixCell &cell) const;
    QString ageText(const release::MatrixCell &cell) const;

private:
    QString toolTip(const release::MatrixRow &row, qsizetype environment) const;

Q_SIGNALS:
    void deploymentStatesLoaded();

private:

    release::EnvironmentMatrix m_matrix;
    QDateTime m_now;
    QHash<QString, health::Status> m_health; // kept across reloads: the monitor outlives them
    QHash<QString, QString> m_live;          // "artifact\nenvironment" → live version, drifted cells only
    QHash<QString, QString> m_deployment;    // "artifact\nenvironment" → deployment state
    QHash<QString, QString> m_deploymentNote; // "artifact\nenvironment" → why (failed, interrupted), for the tool tip
    quint64 m_statesGeneration = 0;
};

} // namespace rd::ui
