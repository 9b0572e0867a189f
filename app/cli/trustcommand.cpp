// SPDX-License-Identifier: GPL-3.0-or-later
// trust HOST [--fingerprint SHA256:…]: records the SSH host key a workspace host presents in
// the workspace's known_hosts file, after the person has checked its fingerprint. A key that
// contradicts one on record is never recorded (that is the "changed key" hard failure).
#include "commands.h"

#include "ssh/hosttrust.h"
#include "git/remoteurl.h"
#include "git/workspacerepository.h"
#include "ssh/knownhosts.h"
#include "ssh/sshhost.h"
#include "ssh/sshhostsettings.h"

#include <QTextStream>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

// A repository fetched over ssh:// (or user@host:path) has a host key too: the same files vouch
// for it as for the workspace's hosts (see git::remoteAccessFor).
Result<ssh::SshHostSettings> repositoryHostSettings(const config::Workspace &workspace, const config::Repository &repository)
{
    auto url = git::parseRemoteUrl(repository.url);
    if (!url)
        return std::unexpected(url.error());
    if (!url->isSsh())
        return fail(Error::Domain::Usage, u"the repository '%1' is not reached over SSH, so it has no SSH host key to trust"_s.arg(repository.name));
    ssh::SshHostSettings settings;
    settings.name = repository.name;
    settings.address = url->host;
    settings.port = url->effectivePort();
    settings.recordKnownHostsFile = ssh::workspaceKnownHostsFile(workspace, config::Host{});
    settings.knownHostsFiles = git::remoteAccessFor(workspace, repository).knownHostsFiles;
    return settings;
}

} // namespace

int trust(const QString &workspaceFile, const QStringList &args)
{
    QString hostName;
    QString expected;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == u"--fingerprint" && i + 1 < args.size()) {
            expected = args.at(++i);
        } else if (arg.startsWith(u'-') || !hostName.isEmpty()) {
            printError(u"usage: releasedeck-cli -w FILE trust HOST [--fingerprint SHA256:…] (unexpected '%1')"_s.arg(arg));
            return UsageError;
        } else {
            hostName = arg;
        }
    }
    if (hostName.isEmpty()) {
        printError(u"usage: releasedeck-cli -w FILE trust HOST [--fingerprint SHA256:…] (which host?)"_s);
        return UsageError;
    }
    if (!expected.isEmpty() && !expected.startsWith(u"SHA256:")) {
        printError(u"the fingerprint '%1' is not in OpenSSH's SHA256:… format"_s.arg(expected.left(80)));
        return UsageError;
    }
    const std::optional<config::Workspace> workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    const config::Host *host = workspace->host(hostName);
    const config::Repository *repository = host ? nullptr : workspace->repository(hostName);
    if (!host && !repository) {
        printError(u"no host named '%1' is defined under 'hosts' or 'repositories' in %2"_s.arg(hostName, workspaceFile));
        return UsageError;
    }
    if (host && host->local) {
        printError(u"the host '%1' runs commands on this machine; it has no SSH host key to trust"_s.arg(hostName));
        return UsageError;
    }
    auto settings = host ? ssh::SshHostSettings::fromWorkspace(*workspace, *host) : repositoryHostSettings(*workspace, *repository);
    if (!settings) {
        printError(settings.error().toString());
        return Failed;
    }
    auto key = ssh::SshHost::fetchHostKey(settings->address, settings->port, settings->connectTimeout);
    if (!key) {
        printError(key.error().message);
        return Failed;
    }
    const QString where = u"%1 (%2:%3)"_s.arg(hostName, settings->address).arg(settings->port);
    const QString described = key->typeLabel() + u' ' + key->fingerprint();
    auto trusted = ssh::recordTrustedHostKey(*settings, *key, expected);
    if (!trusted) {
        printError(trusted.error().message);
        return Failed;
    }
    if (trusted->alreadyKnown) {
        out() << where << " is already trusted: " << described << " (" << trusted->file << ':' << trusted->line << ")\n";
        return Success;
    }
    out() << "trusted " << where << ": " << described << ", recorded in " << trusted->file << '\n';
    return Success;
}

} // namespace rd::cli
