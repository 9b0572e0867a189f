// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "ssh/hostpool.h"
#include "util/error.h"

#include <QString>
#include <QStringList>
#include <chrono>
#include <functional>
#include <optional>

// Everything an SshHost needs to reach one server, resolved once from the workspace's host
// entry and the user's ~/.ssh/config: where to connect, as whom, with which key, which
// known_hosts files vouch for the server, and whom to ask about an unknown host key or a
// key's passphrase.
namespace rd::ssh {

struct SshHostSettings
{
    QString name;                  // the workspace's name for the host ("prod-1")
    QString address;               // what is connected to (ssh config HostName applied)
    int port = 22;
    QString user;
    QString identity = QStringLiteral("agent");   // "agent" or "file:/absolute/path"
    QStringList fallbackIdentityFiles;            // ~/.ssh/config IdentityFile, tried after the agent
    QString passphraseReference;   // the key's passphrase: env:VAR or keyring:NAME, optional (then the prompt asks)
    QStringList knownHostsFiles;   // consulted in order
    QString recordKnownHostsFile;  // where trusted keys are written (the workspace's file)
    QString workspaceFile;         // for the `releasedeck-cli -w FILE trust HOST` hint
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(15)};
    std::chrono::milliseconds authTimeout{std::chrono::seconds(30)};
    int keepAliveSeconds = 15;
    UnknownHostKeyHandler unknownHostKey;
    PassphrasePrompt passphrasePrompt;
    QStringList notes;             // what was ignored in ~/.ssh/config, for the debug log

    // The workspace's host, completed by ~/.ssh/config (at `sshConfigPath`, default
    // ~/.ssh/config): HostName and IdentityFile apply; Port and User apply when the workspace
    // does not set them. Values written in the workspace win.
    [[nodiscard]] static Result<SshHostSettings> fromWorkspace(const config::Workspace &workspace,
        const config::Host &host, const QString &sshConfigPath = {});
};

// The workspace's own known_hosts file: the host's `known_hosts:` key, else
// <workspace folder>/.releasedeck/known_hosts.
QString workspaceKnownHostsFile(const config::Workspace &workspace, const config::Host &host);
// ~/.ssh/known_hosts
QString userKnownHostsFile();

} // namespace rd::ssh
