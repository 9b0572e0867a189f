// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace rd::test {

// A small HTTP/1.1 server on 127.0.0.1 at a free port, in this process and on this thread
// (so the test must spin its event loop while a client waits), for health-check tests. Every
// answer closes its connection unless setKeepAlive(true). What it answers depends on the path:
//   /status/N        HTTP N                 /slow/MS     200 after MS milliseconds
//   /garbage         bytes that are not HTTP, then close
//   /close           closes without answering
//   /big             200 with Content-Length 2 MiB + 1 and that many bytes
//   /stream          200 without Content-Length, 2 MiB + 1 bytes, then close
//   /body/NAME       200 with the body set by setBody(NAME)
//   /seq/NAME        the next status of setSequence(NAME) (the last one repeats)
//   anything else    200 "ok"
// Request bodies (Content-Length, at most 1 MiB) are read and kept in received().
// With listenTls() it speaks HTTPS only, with a certificate of the test's choosing.
class HttpTestServer : public QObject
{
public:
    explicit HttpTestServer(QObject *parent = nullptr);
    ~HttpTestServer() override;

    bool listen();
    bool listenTls(const QString &certificatePem, const QString &keyPem);
    quint16 port() const;
    QUrl url(const QString &path) const;

    // Keep connections open between requests (as real servers do) instead of closing each.
    void setKeepAlive(bool keepAlive) { m_keepAlive = keepAlive; }

    void setBody(const QString &name, const QByteArray &body) { m_bodies.insert(name, body); }
    void setSequence(const QString &name, const QList<int> &statuses) { m_sequences.insert(name, statuses); }

    int requests(const QString &path) const { return m_requests.value(path); }
    // Every request received, in order: method, path (without query), body.
    struct Request
    {
        QByteArray method;
        QString path;
        QByteArray target; // path with query, as sent
        QByteArray body;
    };
    const QList<Request> &received() const { return m_received; }
    int totalRequests() const { return m_total; }
    int openConnections() const { return m_open; }
    int peakConnections() const { return m_peak; }

    // Writes a self-signed certificate for 127.0.0.1 and localhost and its RSA key (PEM) with
    // the openssl tool; false, with `error` set, when openssl is missing or fails.
    static bool makeSelfSignedCertificate(const QString &certificatePath, const QString &keyPath, QString *error);

private:
    void accept(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &method, const QByteArray &path, const QByteArray &body);
    void reply(QTcpSocket *socket, int status, const QByteArray &body);

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    bool m_keepAlive = false;
    QHash<QString, QByteArray> m_bodies;
    QHash<QString, QList<int>> m_sequences;
    QHash<QString, int> m_requests;
    QList<Request> m_received;
    int m_total = 0;
    int m_open = 0;
    int m_peak = 0;
};

} // namespace rd::test
