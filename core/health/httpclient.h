// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <functional>

class QTcpSocket;

namespace rd::health {

struct HttpRequest;
struct HttpAnswer;

// The HTTP/1.1 client health checks and version probes use: GET only, redirects not followed,
// keep-alive connections reused per origin, everything on the owner's thread.
//
// Why not QNetworkAccessManager: it hands every request to its own HTTP thread and every
// answer back, which at 200 checks a second cost more CPU than the checks themselves
// (bench_health, 1,000 checks every 5 s: 6.3% of a core through QNetworkAccessManager; see
// the closing note of issue 6 for the figure with this client). A check needs a tiny part of
// HTTP: one GET, a status, a bounded body.
//
// TLS is always verified, against the system's CAs plus `trusted`. Connections are never
// shared between clients, so a client that trusts a certificate never lends its
// connections to checks that do not (NetworkPool keeps one client per trust set).
class HttpClient : public QObject
{
    Q_OBJECT

public:
    explicit HttpClient(QList<QSslCertificate> trusted, QObject *parent = nullptr);
    ~HttpClient() override;

    // GETs request.url. `done` is called exactly once on this thread — or never, if `context`
    // is destroyed first, which also aborts the request.
    void get(const HttpRequest &request, QObject *context, std::function<void(const HttpAnswer &)> done);

    // Connections open and idle right now (for tests).
    int idleConnections() const;

private:
    friend class HttpExchange;
    QTcpSocket *takeIdle(const QString &origin);
    void putIdle(const QString &origin, QTcpSocket *socket);
    void dropIdle(QTcpSocket *socket);
    QTcpSocket *newSocket(bool tls);

    QList<QSslCertificate> m_trusted;
    QHash<QString, QList<QTcpSocket *>> m_idle;   // origin → open connections waiting for a request
};

} // namespace rd::health
