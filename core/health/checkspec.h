// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <chrono>
#include <memory>

namespace rd::config {
struct Workspace;
struct Environment;
struct HealthCheck;
} // namespace rd::config

namespace rd::ssh {
class CommandHost;
} // namespace rd::ssh

namespace rd::health {

// One health check resolved against its workspace, ready to run: the URL parsed, the
// trusted certificate read, the host looked up, the folder to run in chosen. A check that
// cannot run here (an SSH host the workspace cannot describe, an unreadable certificate) is kind
// Unavailable and reports status unknown with `unavailableReason`.
struct CheckSpec
{
    enum class Kind { Http, Command, Unavailable };

    QString environment;
    QString name;
    Kind kind = Kind::Unavailable;

    // Http
    QUrl url;
    int expect = 200;
    QString bodyContains;              // empty: the body is not looked at
    QString jsonField;                 // empty: no JSON comparison
    QString jsonEquals;
    QList<QSslCertificate> trusted;    // in addition to the system's CAs

    // Command (on this machine)
    QString command;
    QString workingDirectory;
    std::shared_ptr<ssh::CommandHost> host; // set: the command runs on this SSH host instead

    QString unavailableReason;

    std::chrono::milliseconds interval{30'000};
    std::chrono::milliseconds timeout{5'000};
    int failureThreshold = 3;
    qint64 maxResponseBytes = 1 << 20; // HTTP body, and each of a command's stdout and stderr
};

// Every check of every environment, in workspace order.
QList<CheckSpec> checkSpecs(const config::Workspace &workspace);
CheckSpec checkSpec(const config::Workspace &workspace, const config::Environment &environment,
                    const config::HealthCheck &check);

} // namespace rd::health
