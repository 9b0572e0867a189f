// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/commandhost.h"
#include "ssh/knownhosts.h"
#include "ssh/sshhostsettings.h"

#include <QMutex>
#include <QStringList>
#include <atomic>
#include <memory>

// A server reached over SSH (libssh2), as a CommandHost. The connection is opened on the first
// run() and reused for the following ones (runs take turns on a mutex); if it died between two
// commands it is reopened once — a command that had started is never run again. All I/O is
// non-blocking with poll(), so stdout and stderr are read as they arrive, timeouts hold at
// every stage (connect, handshake, authentication, command), cancellation is noticed within
// 100 ms, and keep-alives flow while a command is quiet.
//
// The server's host key is checked against the known_hosts files in the settings before
// anything is sent: an unknown key is refused (or, when UnknownHostKeyHandler::ask says yes,
// recorded); a changed or revoked key is always refused, naming the file and line on record.
namespace rd::ssh {

class SshHost final : public CommandHost
{
public:
    explicit SshHost(SshHostSettings settings);
    ~SshHost() override;
    SshHost(const SshHost &) = delete;
    SshHost &operator=(const SshHost &) = delete;

    QString displayName() const override;
    [[nodiscard]] Result<ExecResult> run(const QString &command, const ExecOptions &options = {}) override;

    // How many connections this host has opened so far (tests and benchmarks check reuse).
    int connectionCount() const { return m_connections.load(); }
    // What was ignored in ~/.ssh/config for this host, for a debug log.
    QStringList notes() const { return m_settings.notes; }

    // The host key address:port presents, without authenticating or checking it (for
    // `releasedeck-cli trust`, which shows it and records it).
    [[nodiscard]] static Result<HostKey> fetchHostKey(const QString &address, int port,
        std::chrono::milliseconds timeout = std::chrono::seconds(15));

    // One TCP connection with its libssh2 session (opaque; defined in sshhost.cpp).
    struct Connection;

private:
    // `limit`: the caller's own timeout, when shorter than the connect or auth timeout.
    [[nodiscard]] Result<void> connect(const std::atomic_bool *cancel, std::chrono::milliseconds limit);
    [[nodiscard]] Result<void> verifyHostKey(Connection &connection);
    [[nodiscard]] Result<void> authenticate(Connection &connection, const std::atomic_bool *cancel,
                                            std::chrono::milliseconds timeout);

    SshHostSettings m_settings;
    QMutex m_runMutex;
    std::unique_ptr<Connection> m_connection;
    std::atomic_int m_connections{0};
};

} // namespace rd::ssh
