// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checkresult.h"
#include "checkspec.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QObject;

namespace rd::ssh {
class CommandHost;
} // namespace rd::ssh

namespace rd::health {

// The two ways of asking something whether it is alive, asynchronously and bounded: every
// call finishes within its timeout (plus the time to kill a process), keeps at most
// `maxBytes` of what it is told, and calls `done` exactly once on `context`'s thread —
// or never, if `context` is destroyed first (which also cancels the work).

struct HttpRequest
{
    QUrl url;
    std::chrono::milliseconds timeout{5'000};
    qint64 maxBytes = 1 << 20;
    QList<QSslCertificate> trusted; // added to the system's CAs; TLS is always verified
};

struct HttpAnswer
{
    QString error;          // empty: an HTTP answer arrived (any status)
    int status = 0;
    QByteArray body;
    qint64 latencyMs = 0;
};

// GET `request.url`. Redirects are not followed: a 3xx is the answer.
void httpGet(QNetworkAccessManager &network, const HttpRequest &request, QObject *context,
             std::function<void(const HttpAnswer &)> done);

struct CommandRequest
{
    QString command;        // run by /bin/sh -c
    QString workingDirectory;
    std::chrono::milliseconds timeout{5'000};
    qint64 maxBytes = 1 << 20; // of stdout and of stderr each; more is dropped
    std::shared_ptr<ssh::CommandHost> host = nullptr; // set: run there (an SSH host), not here
};

struct CommandAnswer
{
    QString error;          // empty: the command ran and exited (any status)
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 latencyMs = 0;
};

// Runs the command in its own process group, so a timeout kills everything it started.
void runCommand(const CommandRequest &request, QObject *context, std::function<void(const CommandAnswer &)> done);

// One QNetworkAccessManager per set of trusted certificates. Qt reuses a connection to a
// host and port whatever TLS configuration the next request carries, so requests that trust
// different certificates must never share a manager: a check's `ca` would otherwise vouch
// for another check of the same server. The managers are children of `owner`.
class NetworkPool
{
public:
    explicit NetworkPool(QObject *owner) : m_owner(owner) {}
    QNetworkAccessManager &manager(const QList<QSslCertificate> &trusted);

private:
    QObject *m_owner;
    QHash<QByteArray, QNetworkAccessManager *> m_managers;
};

// Runs one check once.
void runCheck(const CheckSpec &spec, NetworkPool &network, QObject *context,
              std::function<void(const CheckResult &)> done);

// What an HTTP answer means for a check: status, body substring, JSON field.
CheckResult evaluateHttp(const CheckSpec &spec, const HttpAnswer &answer);
// What a finished command means for a check: exit status 0 passes.
CheckResult evaluateCommand(const CheckSpec &spec, const CommandAnswer &answer);

// The value at a dotted path ("version", "build.version") of a JSON object, as text
// (strings as they are, numbers and booleans written out); nullopt when absent or not a scalar.
std::optional<QString> jsonField(const QByteArray &json, const QString &path, QString *error);

// Text from an untrusted peer, fit for a one-line message: first line, control characters
// dropped, at most `limit` characters.
QString shortened(const QByteArray &text, qsizetype limit = 120);

} // namespace rd::health
