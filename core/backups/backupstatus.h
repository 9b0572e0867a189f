// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backups/backuplisting.h"
#include "config/workspace.h"
#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <atomic>
#include <optional>

namespace rd::ssh {
class CommandHost;
class HostPool;
}

// What a release manager wants to know about one environment's backups: is there a recent
// one, is it plausibly complete, how many are kept and what retention would delete.
namespace rd::backups {

struct BackupStatus
{
    // The overall verdict, worst first: error > missing > stale > small > ok.
    enum class State { Ok, Stale, Small, Missing, Error };

    QString environment;
    QString host;              // the workspace host name
    QString path;
    State state = State::Error;
    QString error;             // for Error (and for a missing folder: why it counts as missing)
    QDateTime checked;         // when the listing was read, UTC
    QList<BackupFile> files;   // newest first
    std::optional<BackupFile> newest;
    qint64 ageSeconds = 0;     // of the newest backup; 0 when there is none
    qint64 totalSize = 0;
    QList<BackupFile> beyondRetention;   // older than retention, never the newest
    bool stale = false;        // newest older than max_age
    bool small = false;        // newest below half the size of the one before it
    bool missing = false;      // no backup at all (or no folder)
    int unsafeNames = 0;       // files ignored because their names hold control characters

    qsizetype count() const { return files.size(); }
    // "stale", "small", "missing", "error", in that order; empty when all is well.
    QStringList flags() const;
    bool isOk() const { return state == State::Ok; }
};

QString toString(BackupStatus::State state);   // "ok", "stale", "small", "missing", "error"

// A newest backup smaller than this share of the one before it counts as suspiciously small.
inline constexpr double SmallBackupRatio = 0.5;

// Judges a listing (or the error reading it) against the configuration at `now`.
BackupStatus evaluateBackups(const QString &environment, const config::Backups &backups,
                             const Result<Listing> &listing, const QDateTime &now);

// Runs listingCommand() on `host` and parses its output (bounded to MaxListedFiles lines).
// Blocks: call on a worker thread.
[[nodiscard]] Result<Listing> readListing(ssh::CommandHost &host, const config::Backups &backups,
                                          const std::atomic_bool *cancel = nullptr);

// readListing() + evaluateBackups() for one environment; never fails: problems are State::Error.
BackupStatus readBackupStatus(ssh::HostPool &pool, const config::Environment &environment, const QDateTime &now,
                              const std::atomic_bool *cancel = nullptr);

// Every environment that configures backups, in promotion order.
QList<BackupStatus> readAllBackupStatus(const config::Workspace &workspace, ssh::HostPool &pool, const QDateTime &now,
                                        const std::atomic_bool *cancel = nullptr);

} // namespace rd::backups
