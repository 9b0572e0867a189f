// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "ssh/commandhost.h"
#include "util/error.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

// The hosts of one workspace, each opened once and reused: successive commands to the same
// SSH host share one connection. Thread-safe; hand it to every worker that runs commands.
namespace rd::ssh {

// What to do about a host key that no known_hosts file has. The CLI refuses (printing the
// SHA256 fingerprint); the GUI asks the person, showing it, and records a "yes". A key that
// differs from the one on record is always a hard failure, whatever this says.
struct UnknownHostKeyHandler
{
    // Return true to trust `fingerprint` ("SHA256:…", OpenSSH's format) for `host` and record it
    // in the workspace's known_hosts file. Called on the connecting (worker) thread. Null: refuse.
    std::function<bool(const QString &host, const QString &keyType, const QString &fingerprint)> ask;
};

// Where the passphrase of an encrypted key file comes from when the workspace names no
// reference for it (`passphrase: env:VAR | keyring:NAME`, which wins): the GUI asks the person.
// Called on the connecting (worker) thread; return nothing to give up. Null: no prompt.
struct PassphrasePrompt
{
    std::function<std::optional<QString>(const QString &host, const QString &keyFile)> ask;
};

class HostPool
{
public:
    explicit HostPool(config::Workspace workspace, UnknownHostKeyHandler unknownHostKey = {});
    ~HostPool();
    HostPool(const HostPool &) = delete;
    HostPool &operator=(const HostPool &) = delete;

    // The host named `name` under `hosts` in the workspace; connects lazily, on its first run().
    [[nodiscard]] Result<std::shared_ptr<CommandHost>> host(const QString &name);

    // Set before the first host() call; hosts opened afterwards use it.
    void setPassphrasePrompt(PassphrasePrompt prompt);

private:
    config::Workspace m_workspace;
    UnknownHostKeyHandler m_unknownHostKey;
    PassphrasePrompt m_passphrasePrompt;
    QMutex m_mutex;
    QHash<QString, std::shared_ptr<CommandHost>> m_hosts;
};

} // namespace rd::ssh
