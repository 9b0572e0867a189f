// SPDX-License-Identifier: GPL-3.0-or-later
#include "plainhttpbatch.h"

#include <QEventLoop>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <functional>

namespace rd::registry {

struct PlainHttpBatch::Connection
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray buffer;
    qsizetype index = -1;      // the request being answered, -1 when idle
    bool reused = false;       // kept from an earlier request: the server may have closed it
    bool retried = false;
};

namespace {

// One answer parsed from the front of `buffer`: -1 incomplete, 0 unusable, else its length.
qsizetype parseResponse(const QByteArray &buffer, bool head, qint64 limit, BatchResponse &response, bool &keepAlive)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return buffer.size() > PlainHttpBatch::MaxHeaderBytes ? 0 : -1;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    if (status.size() < 2 || !status.first().startsWith("HTTP/1."))
        return 0;
    bool ok = false;
    response.status = status.at(1).toInt(&ok);
    if (!ok || response.status < 200 || response.status > 599)
        return 0; // 1xx and nonsense: the careful path
    keepAlive = status.first() == "HTTP/1.1";
    qint64 length = -1;
    response.headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return 0;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        response.headers.append({name, value});
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            length = value.toLongLong(&ok);
            if (!ok || length < 0)
                return 0;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            return 0; // chunked: left to QNetworkAccessManager
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            keepAlive = value.compare("close", Qt::CaseInsensitive) != 0;
        }
    }
    const qint64 bodyLength = head || response.status == 204 || response.status == 304 ? 0 : length;
    if (bodyLength < 0 || bodyLength > limit)
        return 0;
    if (buffer.size() - end - 4 < bodyLength)
        return -1;
    response.body = buffer.mid(end + 4, bodyLength);
    return end + 4 + bodyLength;
}

} // namespace

PlainHttpBatch::PlainHttpBatch(QString host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{
}

PlainHttpBatch::~PlainHttpBatch()
{
    if (m_thread != QThread::currentThread()) {
        for (const auto &connection : std::as_const(m_idle))
            connection->socket.release()->deleteLater(); // it belongs to the thread that used us
    }
}

QList<BatchResponse> PlainHttpBatch::run(const QList<BatchRequest> &requests, int parallel, std::chrono::milliseconds timeout)
{
    QList<BatchResponse> responses(requests.size());
    if (requests.isEmpty())
        return responses;
    if (m_thread != QThread::currentThread()) {
        for (const auto &connection : std::as_const(m_idle))
            connection->socket.release()->deleteLater();
        m_idle.clear();
        m_thread = QThread::currentThread();
    }

    QEventLoop loop;
    qsizetype next = 0;
    qsizetype done = 0;
    QList<std::shared_ptr<Connection>> active;
    QList<std::shared_ptr<Connection>> retired; // closed ones live until the loop is done: a
                                                 // socket must not die inside its own signal
    const auto finish = [&](qsizetype) {
        if (++done == requests.size())
            loop.quit();
    };
    std::function<void(const std::shared_ptr<Connection> &)> send;
    const auto retire = [&](const std::shared_ptr<Connection> &connection, bool keep) {
        connection->socket->disconnect(&loop);
        active.removeOne(connection);
        if (keep && connection->socket->state() == QAbstractSocket::ConnectedState) {
            connection->reused = true;
            m_idle.append(connection);
        } else {
            connection->socket->abort();
            retired.append(connection);
        }
    };
    // A request to write: the next one, on this connection, or the connection goes idle.
    const auto feed = [&](const std::shared_ptr<Connection> &connection) {
        if (next >= requests.size()) {
            retire(connection, true);
            return;
        }
        connection->index = next++;
        connection->retried = false;
        send(connection);
    };
    send = [&](const std::shared_ptr<Connection> &connection) {
        const BatchRequest &request = requests.at(connection->index);
        const QByteArray host = m_host.contains(u':') ? '[' + m_host.toLatin1() + ']' : m_host.toLatin1(); // IPv6 literal
        QByteArray bytes = request.method + ' ' + request.target + " HTTP/1.1\r\nHost: " + host + ':'
                         + QByteArray::number(m_port) + "\r\nUser-Agent: ReleaseDeck\r\n";
        if (!request.accept.isEmpty())
            bytes += "Accept: " + request.accept + "\r\n";
        if (!request.authorization.isEmpty())
            bytes += "Authorization: " + request.authorization + "\r\n";
        bytes += "\r\n";
        connection->buffer.clear();
        if (connection->reused)
            connection->socket->readAll(); // whatever came while it was idle answers nothing of ours
        if (connection->socket->state() == QAbstractSocket::ConnectedState)
            connection->socket->write(bytes);
        else
            connection->buffer = bytes; // written once connected
    };
    std::function<void(const std::shared_ptr<Connection> &)> wire;
    // A connection went away while requests wait: another one takes its place.
    const auto replace = [&] {
        if (next >= requests.size() || done >= requests.size())
            return;
        auto fresh = std::make_shared<Connection>();
        active.append(fresh);
        wire(fresh);
        fresh->socket->connectToHost(m_host, m_port);
        feed(fresh);
    };
    const auto onData = [&](const std::shared_ptr<Connection> &connection) {
        connection->buffer += connection->socket->readAll();
        while (connection->index >= 0) {
            const BatchRequest &request = requests.at(connection->index);
            BatchResponse response;
            bool keepAlive = false;
            const qsizetype used = parseResponse(connection->buffer, request.method == "HEAD", request.limit, response, keepAlive);
            if (used < 0)
                return;
            const qsizetype index = connection->index;
            connection->index = -1;
            if (used > 0)
                responses[index] = std::move(response);
            finish(index);
            connection->buffer.remove(0, used > 0 ? used : connection->buffer.size());
            if (used == 0 || !keepAlive || !connection->buffer.isEmpty()) {
                retire(connection, false); // unusable, closing, or talking out of turn
                replace();
                return;
            }
            feed(connection);
            return;
        }
    };
    const auto onGone = [&](const std::shared_ptr<Connection> &connection) {
        const QAbstractSocket::SocketState state = connection->socket->state();
        if (connection->index < 0 || state == QAbstractSocket::HostLookupState || state == QAbstractSocket::ConnectingState)
            return; // idle, or already connecting again

        // A kept-alive connection the server closed before answering: once more on a new one.
        if (connection->reused && !connection->retried && connection->buffer.isEmpty()) {
            connection->socket->abort();
            connection->reused = false;
            connection->retried = true;
            connection->socket->connectToHost(m_host, m_port);
            send(connection);
            return;
        }
        const qsizetype index = connection->index;
        connection->index = -1;
        finish(index);
        retire(connection, false);
        replace();
    };
    wire = [&](const std::shared_ptr<Connection> &connection) {
        QTcpSocket *socket = connection->socket.get();
        QObject::connect(socket, &QTcpSocket::readyRead, &loop, [&, connection] { onData(connection); });
        QObject::connect(socket, &QTcpSocket::disconnected, &loop, [&, connection] { onGone(connection); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, &loop, [&, connection](QAbstractSocket::SocketError) {
            if (connection->socket->state() != QAbstractSocket::ConnectedState)
                onGone(connection);
        });
        QObject::connect(socket, &QTcpSocket::connected, &loop, [connection] {
            connection->socket->write(connection->buffer);
            connection->buffer.clear();
        });
    };

    const int wanted = std::max(1, std::min<int>(parallel, int(requests.size())));
    for (int i = 0; i < wanted; ++i) {
        std::shared_ptr<Connection> connection;
        if (!m_idle.isEmpty()) {
            connection = m_idle.takeLast();
        } else {
            connection = std::make_shared<Connection>();
            connection->socket->connectToHost(m_host, m_port);
        }
        active.append(connection);
        wire(connection);
        feed(connection);
    }

    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    if (done < requests.size())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    for (const auto &connection : QList<std::shared_ptr<Connection>>(active)) {
        connection->socket->disconnect(&loop);
        connection->socket->abort(); // unanswered (timed out): its slot stays empty
    }
    for (const auto &connection : std::as_const(m_idle))
        connection->socket->disconnect(&loop);
    return responses;
}

} // namespace rd::registry
