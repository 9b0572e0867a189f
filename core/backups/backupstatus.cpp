// SPDX-License-Identifier: GPL-3.0-or-later
#include "backups/backupstatus.h"

#include "ssh/commandhost.h"
#include "ssh/hostpool.h"

#include <QStringList>
#include <atomic>

using namespace Qt::StringLiterals;

namespace rd::backups {

QStringList BackupStatus::flags() const
{
    QStringList list;
    if (stale)
        list.append(u"stale"_s);
    if (small)
        list.append(u"small"_s);
    if (missing)
        list.append(u"missing"_s);
    if (state == State::Error)
        list.append(u"error"_s);
    return list;
}

QString toString(BackupStatus::State state)
{
    switch (state) {
    case BackupStatus::State::Ok: return u"ok"_s;
    case BackupStatus::State::Stale: return u"stale"_s;
    case BackupStatus::State::Small: return u"small"_s;
    case BackupStatus::State::Missing: return u"missing"_s;
    case BackupStatus::State::Error: return u"error"_s;
    }
    return u"error"_s;
}

BackupStatus evaluateBackups(const QString &environment, const config::Backups &backups,
                             const Result<Listing> &listing, const QDateTime &now)
{
    BackupStatus status;
    status.environment = environment;
    status.host = backups.host;
    status.path = backups.path;
    status.checked = now.toUTC();
    if (!listing) {
        status.state = BackupStatus::State::Error;
        status.error = listing.error().message;
        return status;
    }
    switch (listing->folder) {
    case Listing::Folder::Missing:
        status.state = BackupStatus::State::Missing;
        status.missing = true;
        status.error = u"the backup folder %1 does not exist"_s.arg(backups.path);
        return status;
    case Listing::Folder::Unreadable:
        status.state = BackupStatus::State::Error;
        status.error = u"the backup folder %1 cannot be read (permission denied)"_s.arg(backups.path);
        return status;
    case Listing::Folder::Present:
        break;
    }
    status.files = listing->files;
    status.unsafeNames = listing->unsafeNames;
    for (const BackupFile &file : status.files)
        status.totalSize += file.size;
    if (status.files.isEmpty()) {
        status.missing = true;
        status.state = BackupStatus::State::Missing;
        return status;
    }
    status.newest = status.files.front();
    status.ageSeconds = std::max<qint64>(0, status.newest->time.secsTo(now));
    status.stale = std::chrono::seconds(status.ageSeconds) > backups.maxAge;
    if (status.files.size() >= 2) {
        const qint64 previous = status.files.at(1).size;
        status.small = previous > 0 && double(status.newest->size) < SmallBackupRatio * double(previous);
    }
    const QDateTime cutoff = now.addSecs(-backups.retention.count());
    // The newest backup is kept whatever its age: deleting it would leave nothing to restore.
    for (qsizetype i = 1; i < status.files.size(); ++i) {
        if (status.files.at(i).time < cutoff)
            status.beyondRetention.append(status.files.at(i));
    }
    status.state = status.stale ? BackupStatus::State::Stale
                 : status.small ? BackupStatus::State::Small
                                : BackupStatus::State::Ok;
    return status;
}

Result<Listing> readListing(ssh::CommandHost &host, const config::Backups &backups, const std::atomic_bool *cancel)
{
    QStringList lines;
    bool tooMany = false;
    std::atomic_bool stop = false;
    ssh::ExecOptions options;
    options.timeout = std::chrono::minutes(2);
    options.tailLines = 20;   // stderr and the last lines, for error messages
    // Too many lines stops the command through our own flag; a caller's flag wins (then the
    // rest of an oversized listing is read and dropped, which is bounded by the folder).
    options.cancel = cancel ? cancel : &stop;
    options.onLine = [&](const ssh::OutputLine &line) {
        if (line.stream != ssh::OutputLine::Stream::Stdout || tooMany)
            return;
        if (lines.size() > MaxListedFiles + 1) {
            tooMany = true;
            stop = true;
            return;
        }
        lines.append(line.text);
    };
    if (cancel && cancel->load())
        return fail(Error::Domain::Ssh, u"the backup listing was cancelled"_s);
    Result<ssh::ExecResult> result = host.run(listingCommand(backups), options);
    if (tooMany)
        return fail(Error::Domain::Ssh, u"the backup folder %1 holds more than %2 matching files, which is more than ReleaseDeck reads"_s
                                            .arg(backups.path).arg(MaxListedFiles));
    if (!result)
        return std::unexpected(result.error());
    if (!result->succeeded()) {
        QStringList errors;
        for (const ssh::OutputLine &line : result->tail) {
            if (line.stream == ssh::OutputLine::Stream::Stderr)
                errors.append(line.text.left(300));
        }
        const QString why = errors.isEmpty() ? u"exit status %1"_s.arg(result->exitStatus) : errors.mid(std::max<qsizetype>(0, errors.size() - 3)).join(u"; "_s);
        return fail(Error::Domain::Ssh, u"listing the backup folder %1 on %2 failed: %3"_s.arg(backups.path, host.displayName(), why));
    }
    return parseListing(lines, backups.pattern);
}

BackupStatus readBackupStatus(ssh::HostPool &pool, const config::Environment &environment, const QDateTime &now,
                              const std::atomic_bool *cancel)
{
    const config::Backups &backups = *environment.backups;
    Result<std::shared_ptr<ssh::CommandHost>> host = pool.host(backups.host);
    if (!host)
        return evaluateBackups(environment.name, backups, std::unexpected(host.error()), now);
    return evaluateBackups(environment.name, backups, readListing(**host, backups, cancel), now);
}

QList<BackupStatus> readAllBackupStatus(const config::Workspace &workspace, ssh::HostPool &pool, const QDateTime &now,
                                        const std::atomic_bool *cancel)
{
    QList<BackupStatus> statuses;
    for (const config::Environment &environment : workspace.environments) {
        if (environment.backups)
            statuses.append(readBackupStatus(pool, environment, now, cancel));
    }
    return statuses;
}

} // namespace rd::backups
