// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacerepository.h"

#include "git/remoteurl.h"
#include "ssh/sshhostsettings.h"

#include <QDir>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd::git {

bool isRemoteRepository(const config::Repository &repository)
{
    return looksLikeRemoteUrl(repository.url);
}

RemoteAccess remoteAccessFor(const config::Workspace &workspace, const config::Repository &repository)
{
    RemoteAccess access;
    access.url = repository.url;
    if (repository.identity.startsWith(u"file:"))
        access.identity = u"file:"_s + workspace.resolvePath(repository.identity.mid(5));
    access.passphraseReference = repository.passphrase;
    // The same files an SSH host of this workspace trusts: the user's, then the workspace's own.
    access.knownHostsFiles = { ssh::userKnownHostsFile(), ssh::workspaceKnownHostsFile(workspace, config::Host{}) };
    QString file = workspace.file.isEmpty() ? u"WORKSPACE"_s : workspace.file;
    static const QRegularExpression plain(u"^[A-Za-z0-9_./-]+$"_s);
    if (!plain.match(file).hasMatch())
        file = u'\'' + file.replace(u'\'', u"'\\''"_s) + u'\'';
    access.trustCommand = u"releasedeck-cli -w %1 trust %2"_s.arg(file, repository.name);
    return access;
}

QString repositoryFolder(const config::Workspace &workspace, const config::Repository &repository)
{
    if (!isRemoteRepository(repository))
        return workspace.resolvePath(repository.url);
    return RemoteCache().mirrorPath(repository.url);
}

Result<QString> openableRepositoryFolder(const config::Workspace &workspace, const config::Repository &repository,
                                         std::chrono::milliseconds maxAge, const std::atomic_bool *cancel)
{
    if (!isRemoteRepository(repository)) {
        const QString path = workspace.resolvePath(repository.url);
        if (!QDir(path).exists())
            return fail(Error::Domain::Git, u"the repository '%1' (%2) is neither a folder on this machine nor a remote URL"_s.arg(
                repository.name, repository.url));
        return path;
    }
    auto refreshed = RemoteCache().refresh(remoteAccessFor(workspace, repository), maxAge, cancel);
    if (!refreshed)
        return std::unexpected(refreshed.error());
    return refreshed->path;
}

} // namespace rd::git
