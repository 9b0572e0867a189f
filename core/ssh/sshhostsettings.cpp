// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/sshhostsettings.h"

#include "ssh/sshconfig.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace rd::ssh {

QString workspaceKnownHostsFile(const config::Workspace &workspace, const config::Host &host)
{
    if (!host.knownHosts.isEmpty())
        return workspace.resolvePath(host.knownHosts);
    return workspace.directory() + u"/.releasedeck/known_hosts"_s;
}

QString userKnownHostsFile()
{
    return QDir::homePath() + u"/.ssh/known_hosts"_s;
}

Result<SshHostSettings> SshHostSettings::fromWorkspace(const config::Workspace &workspace, const config::Host &host,
    const QString &sshConfigPath)
{
    auto config = SshConfig::load(sshConfigPath.isEmpty() ? SshConfig::defaultPath() : sshConfigPath);
    if (!config)
        return std::unexpected(config.error());
    const SshConfigValues values = config->resolve(host.address, host.user);

    SshHostSettings settings;
    settings.name = host.name;
    settings.address = values.hostName.isEmpty() ? host.address : values.hostName;
    settings.port = host.portSet || values.port == 0 ? host.port : values.port;
    settings.user = host.user.isEmpty() ? values.user : host.user;
    if (settings.user.isEmpty())
        settings.user = qEnvironmentVariable("USER");
    if (host.identity.startsWith(u"file:"))
        settings.identity = u"file:"_s + workspace.resolvePath(host.identity.mid(5));
    else
        settings.identity = u"agent"_s;
    settings.fallbackIdentityFiles = values.identityFiles;
    settings.passphraseReference = host.passphrase;
    settings.recordKnownHostsFile = workspaceKnownHostsFile(workspace, host);
    settings.knownHostsFiles = { userKnownHostsFile(), settings.recordKnownHostsFile };
    settings.workspaceFile = workspace.file;
    for (const QString &ignored : values.ignored)
        settings.notes.append(u"~/.ssh/config: %1 is ignored"_s.arg(ignored));
    return settings;
}

} // namespace rd::ssh
