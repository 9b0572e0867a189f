// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <chrono>
#include <memory>
#include <utility>

class QTcpSocket;
class QThread;

namespace rd::registry {

struct BatchRequest
{
    QByteArray method = "GET";       // GET or HEAD
    QByteArray target;               // path and query, already encoded
    QByteArray accept;
    QByteArray authorization;        // empty: none
    qint64 limit = 0;                // largest body accepted
};

struct BatchResponse
{
    int status = 0;                  // 0: no usable answer (ask again the careful way)
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// Reads (GET, HEAD) from one plain-HTTP origin over at most `parallel` kept-alive connections
// owned by the calling thread: the fast path of RemoteRegistry's batch reads for loopback and
// `insecure` registries. QNetworkAccessManager does the same work on a thread of its own and
// costs about a millisecond of CPU per request in thread hand-offs, which dominated a matrix
// refresh; here a request is a write and a read on a socket this thread polls. Only plain
// answers are taken — a status line, headers, a Content-Length body within the limit; anything
// else (chunked bodies, a connection closed mid-answer, a timeout) leaves that slot's status 0,
// and the caller asks again through QNetworkAccessManager, which handles every case.
class PlainHttpBatch
{
public:
    PlainHttpBatch(QString host, quint16 port);
    ~PlainHttpBatch();
    PlainHttpBatch(const PlainHttpBatch &) = delete;
    PlainHttpBatch &operator=(const PlainHttpBatch &) = delete;

    // The answers, one per request, in order. Blocks on a local event loop for at most `timeout`.
    QList<BatchResponse> run(const QList<BatchRequest> &requests, int parallel, std::chrono::milliseconds timeout);

    static constexpr qsizetype MaxHeaderBytes = 64 * 1024;

private:
    struct Connection;
    QString m_host;
    quint16 m_port;
    QThread *m_thread = nullptr;
    QList<std::shared_ptr<Connection>> m_idle; // kept alive between runs, owned by m_thread
};

} // namespace rd::registry
