// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

// Where each artifact stands in each environment as far as ReleaseDeck's own changes go:
// pending → deploying → verifying → deployed, or failed / rolled back; plus the versions that
// were deployed and verified there, newest first — the rollback targets when there is no
// audit history. Kept behind an interface so the audit database can hold it later.
namespace rd::release {

enum class DeploymentPhase { Pending, Deploying, Verifying, Deployed, Failed, RolledBack };

QString toString(DeploymentPhase phase);  // "pending", "deploying", …, "rolled-back"
std::optional<DeploymentPhase> deploymentPhaseFromString(QStringView text);

struct DeploymentState
{
    DeploymentPhase phase = DeploymentPhase::Pending;
    QString version;           // the version the phase is about
    QString previous;          // what ran before it
    QDateTime since;           // UTC
    QString message;           // for Failed / RolledBack: what happened
    QStringList knownGood;     // versions deployed and verified here, newest first (bounded)
    QString writerHost;        // the machine and process that wrote this phase
    qint64 writerPid = 0;
};

// One entry of the state file, read back when a workspace opens (the matrix shows it).
// `interrupted`: the phase is deploying or verifying, but nobody holds the promotion lock of
// that artifact and environment — the process that wrote it ended (crashed, was killed, the
// machine rebooted) without finishing. The lock (flock, dropped by the kernel when its holder
// ends) decides, not the recorded PID: PIDs are reused and mean nothing across hosts or PID
// namespaces; the PID and host only make the explanation concrete.
struct StoredDeployment
{
    QString artifact;
    QString environment;
    DeploymentState state;
    bool interrupted = false;

    // "The ReleaseDeck process that was deploying v1.6.0 (pid 4242 on laptop) ended before it
    // finished; what qa runs now is not known to ReleaseDeck." Empty unless interrupted.
    QString interruptionText() const;
};

// Every entry of the state file at `path`, with `interrupted` decided against the promotion
// locks in `lockDirectory`. Bounded like the store (MaxFileSize; names and texts cut).
[[nodiscard]] Result<QList<StoredDeployment>> readStoredDeployments(const QString &path, const QString &lockDirectory);

class DeploymentStateStore
{
public:
    virtual ~DeploymentStateStore() = default;
    [[nodiscard]] virtual Result<std::optional<DeploymentState>> state(const QString &artifact, const QString &environment) = 0;
    // Sets the phase (and version/previous/message); a Deployed phase adds the version to
    // the front of knownGood.
    [[nodiscard]] virtual Result<void> update(const QString &artifact, const QString &environment, DeploymentPhase phase,
                                              const QString &version, const QString &previous, const QString &message = {}) = 0;
};

// A small JSON file (<workspace folder>/.releasedeck/deployments.json by default), read and
// rewritten atomically under a lock file on every update, so several ReleaseDeck processes
// can share it.
class FileDeploymentStateStore final : public DeploymentStateStore
{
public:
    explicit FileDeploymentStateStore(QString path);
    static QString defaultPath(const QString &workspaceDirectory);

    Result<std::optional<DeploymentState>> state(const QString &artifact, const QString &environment) override;
    Result<void> update(const QString &artifact, const QString &environment, DeploymentPhase phase, const QString &version,
                        const QString &previous, const QString &message = {}) override;

    static constexpr int MaxKnownGood = 20;
    static constexpr qint64 MaxFileSize = 8 * 1024 * 1024;

private:
    QString m_path;
};

} // namespace rd::release
