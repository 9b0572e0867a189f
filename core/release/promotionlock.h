// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace rd::config {
struct Workspace;
}

// The promotion lock: two ReleaseDeck processes (GUI or CLI, same user or not) never promote
// or roll back the same artifact in the same environment at once. One lock file per
// (workspace, artifact, environment), locked with flock(2): the kernel drops the lock when
// the holding process ends in any way (crash, kill -9), so a stale lock never needs guessing
// from PIDs — which QLockFile must do, and which is wrong across PID namespaces. While held,
// the file names the holder (user, host, pid, since, action), for the refusal a second process
// gets. Lock files are left in place: removing one could let two processes lock different files
// of the same name.
namespace rd::release {

struct LockHolder
{
    QString user;
    QString host;
    qint64 pid = 0;
    QDateTime since;           // UTC
    QString action;            // promote, rollback, …
    QString artifact;
    QString environment;
    QString from;
    QString to;

    // This process, about to run `action` on `artifact` in `environment`.
    static LockHolder self(const QString &action, const QString &artifact, const QString &environment,
                           const QString &from = {}, const QString &to = {});
    // "alice on laptop (pid 4242) since 21:40:02 UTC, promoting v1.4.2 (from v1.4.1)"
    QString describe() const;
};

class PromotionLock
{
public:
    // Error::code of the refusal when another process holds the lock.
    static constexpr int HeldCode = 409;

    // Lock files of a workspace live next to its audit log: <audit file>.locks/ (so
    // RELEASEDECK_AUDIT_DB moves them too).
    static QString defaultDirectory(const config::Workspace &workspace);

    // Takes the lock for `holder.artifact` in `holder.environment`, or refuses (code HeldCode)
    // naming who holds it: "api in prod is locked: alice on laptop (pid 4242) is promoting…".
    // Never waits.
    [[nodiscard]] static Result<PromotionLock> acquire(const QString &directory, const LockHolder &holder);

    // Every lock of the directory held right now by a live process (this one included).
    static QList<LockHolder> holders(const QString &directory);

    // The workspace-wide admission gate (<directory>/admission.gate, flock(2), waits up to
    // `timeoutMs`): held only while a process takes its promotion lock and checks the
    // rate/concurrency rules against holders(), so those checks happen one process at a time
    // and two processes cannot both see "no other deploy running". Not a promotion lock:
    // holders() never lists it.
    [[nodiscard]] static Result<PromotionLock> admissionGate(const QString &directory, int timeoutMs = 30'000);

    PromotionLock(PromotionLock &&other) noexcept;
    PromotionLock &operator=(PromotionLock &&other) noexcept;
    PromotionLock(const PromotionLock &) = delete;
    PromotionLock &operator=(const PromotionLock &) = delete;
    ~PromotionLock();

    bool isHeld() const { return m_fd >= 0; }
    QString file() const { return m_file; }
    void release();

private:
    PromotionLock(int fd, QString file);
    int m_fd = -1;
    QString m_file;
};

// The lock file's name for an artifact in an environment, safe for any input.
QString lockFileName(const QString &artifact, const QString &environment);

} // namespace rd::release
