// SPDX-License-Identifier: GPL-3.0-or-later
#include "backups/backupactions.h"

#include "release/hostaction.h"
#include "ssh/commandhost.h"
#include "ssh/hostpool.h"
#include "util/duration.h"
#include "util/shellcommand.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace rd::backups {

namespace {

Result<const config::Environment *> environmentWithBackups(const config::Workspace &workspace, const QString &name)
{
    const config::Environment *environment = workspace.environment(name);
    if (!environment)
        return fail(Error::Domain::Usage, u"'%1' is not an environment of this workspace"_s.arg(name.left(80)));
    if (!environment->backups)
        return fail(Error::Domain::Config, u"environment '%1' has no 'backups' in the workspace file"_s.arg(name));
    return environment;
}

QString quotedFolder(const QString &path)
{
    if (path.startsWith(u"~/"))
        return u"\"$HOME\"/"_s + shellQuote(path.mid(2));
    return shellQuote(path);
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

Result<release::Plan> backupNowPlan(const config::Workspace &workspace, ssh::HostPool &pool, const QString &name)
{
    Result<const config::Environment *> environment = environmentWithBackups(workspace, name);
    if (!environment)
        return std::unexpected(environment.error());
    const config::Backups &backups = *(*environment)->backups;
    if (backups.command.isEmpty())
        return fail(Error::Domain::Config, u"environment '%1' has no backups 'command' to back up now"_s.arg(name));
    Result<QString> command = expandCommand(backups.command, {{u"env"_s, name}});
    if (!command)
        return fail(command.error().domain, u"the backups command of environment '%1': %2"_s.arg(name, command.error().message), backups.location);
    Result<std::shared_ptr<ssh::CommandHost>> host = pool.host(backups.host);
    if (!host)
        return std::unexpected(host.error());
    release::Plan plan;
    plan.action = u"backup"_s;
    plan.environment = name;
    plan.steps.append(std::make_shared<release::HostCommandStep>(
        u"backup-run"_s, u"Back up %1 now on %2: %3"_s.arg(name, (*host)->displayName(), *command), *host, QStringList{*command}));
    return plan;
}

Result<release::Plan> restorePlan(const config::Workspace &workspace, ssh::HostPool &pool, const QString &name,
                                  const QString &file, const QString &confirmation, const BackupStatus *status)
{
    Result<const config::Environment *> environment = environmentWithBackups(workspace, name);
    if (!environment)
        return std::unexpected(environment.error());
    const config::Backups &backups = *(*environment)->backups;
    if (backups.restore.isEmpty())
        return fail(Error::Domain::Config, u"environment '%1' has no backups 'restore' command"_s.arg(name));
    if (!isSafeBackupName(file, backups.pattern)) {
        QString shown = file.left(80);
        for (QChar &c : shown) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                c = u'?';
        }
        return fail(Error::Domain::Usage, u"'%1' is not a backup file name of environment '%2' (it must match '%3', without '/' or control characters)"_s
                                              .arg(shown, name, backups.pattern));
    }
    if (status) {
        const bool known = std::any_of(status->files.begin(), status->files.end(), [&](const BackupFile &f) { return f.name == file; });
        if (!known)
            return fail(Error::Domain::Usage, u"there is no backup '%1' in %2 of environment '%3'"_s.arg(file, backups.path, name));
    }
    if ((*environment)->isProtected && confirmation != name) {
        Error error{Error::Domain::Release,
                    u"environment '%1' is protected: restoring a backup there needs its name typed as confirmation (--confirm %1)"_s.arg(name), {},
                    RefusedUnconfirmed};
        return std::unexpected(error);
    }
    Result<QString> command = expandCommand(backups.restore, {{u"env"_s, name}, {u"file"_s, file}});
    if (!command)
        return fail(command.error().domain, u"the restore command of environment '%1': %2"_s.arg(name, command.error().message), backups.location);
    Result<std::shared_ptr<ssh::CommandHost>> host = pool.host(backups.host);
    if (!host)
        return std::unexpected(host.error());
    release::Plan plan;
    plan.action = u"restore"_s;
    plan.environment = name;
    plan.to = file;
    plan.warnings.append(u"Restoring replaces the current data of %1 with the backup %2."_s.arg(name, file));
    if ((*environment)->isProtected)
        plan.warnings.append(u"%1 is a protected environment."_s.arg(name));
    plan.steps.append(std::make_shared<release::HostCommandStep>(
        u"backup-restore"_s, u"Restore %1 from %2 on %3: %4"_s.arg(name, file, (*host)->displayName(), *command), *host,
        QStringList{*command}, std::chrono::hours(2)));
    return plan;
}

QStringList deleteCommands(const QString &path, const QList<BackupFile> &files)
{
    QStringList commands;
    const QString prefix = u"cd -- "_s + quotedFolder(path) + u" && rm -f --"_s;
    QString command = prefix;
    for (const BackupFile &file : files) {
        const QString word = u" ./"_s + shellQuote(file.name);
        if (command.size() + word.size() > 64 * 1024 && command != prefix) {
            commands.append(command);
            command = prefix;
        }
        command += word;
    }
    if (command != prefix)
        commands.append(command);
    return commands;
}

Result<release::Plan> cleanPlan(const config::Workspace &workspace, ssh::HostPool &pool, const BackupStatus &status)
{
    Result<const config::Environment *> environment = environmentWithBackups(workspace, status.environment);
    if (!environment)
        return std::unexpected(environment.error());
    const config::Backups &backups = *(*environment)->backups;
    release::Plan plan;
    plan.action = u"backup-cleanup"_s;
    plan.environment = status.environment;
    if (status.state == BackupStatus::State::Error)
        return fail(Error::Domain::Ssh, u"the backups of %1 could not be read, so nothing can be cleaned up: %2"_s.arg(status.environment, status.error));
    QList<BackupFile> files;
    for (const BackupFile &file : status.beyondRetention) {
        // Belt and braces: the newest backup is never deleted, and every name is re-checked.
        if (status.newest && file.name == status.newest->name)
            continue;
        if (!isSafeBackupName(file.name, backups.pattern))
            return fail(Error::Domain::Ssh, u"refusing to delete '%1': it is not a safe backup file name"_s.arg(file.name.left(80)));
        files.append(file);
    }
    if (files.isEmpty()) {
        plan.warnings.append(u"No backup of %1 is older than the retention of %2."_s.arg(status.environment, formatAge(backups.retention)));
        return plan;
    }
    Result<std::shared_ptr<ssh::CommandHost>> host = pool.host(backups.host);
    if (!host)
        return std::unexpected(host.error());
    qint64 bytes = 0;
    QStringList names;
    for (const BackupFile &file : files) {
        bytes += file.size;
        names.append(file.name);
    }
    plan.steps.append(std::make_shared<release::HostCommandStep>(
        u"backup-delete"_s,
        u"Delete %1 backups older than %2 (%3) from %4 on %5: %6"_s.arg(files.size()).arg(formatAge(backups.retention), sizeText(bytes), backups.path,
                                                                        (*host)->displayName(), names.join(u", "_s)),
        *host, deleteCommands(backups.path, files)));
    return plan;
}

} // namespace rd::backups
