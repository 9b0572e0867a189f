// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpclient.h"

#include "checkrunner.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslSocket>
#include <QTimerEvent>

using namespace Qt::StringLiterals;

namespace rd::health {

namespace {

constexpr qsizetype maxHeaderBytes = 64 * 1024;
constexpr qsizetype maxChunkLine = 1024;
constexpr int maxIdlePerOrigin = 64;

QString seconds(std::chrono::milliseconds duration)
{
    if (duration.count() % 1000 == 0)
        return u"%1 s"_s.arg(duration.count() / 1000);
    return u"%1 ms"_s.arg(duration.count());
}

QString sizeText(qint64 bytes)
{
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        return u"%1 MiB"_s.arg(bytes >> 20);
    if (bytes >= 1024 && bytes % 1024 == 0)
        return u"%1 KiB"_s.arg(bytes >> 10);
    return u"%1 bytes"_s.arg(bytes);
}

QString originOf(const QUrl &url)
{
    return url.scheme() + u"://"_s + url.host() + u':' + QString::number(url.port(url.scheme() == u"https" ? 443 : 80));
}

} // namespace

// One GET on one connection: writes the request, parses the answer as it arrives, and hands
// the connection back to the client when the answer was complete and the server keeps it open.
// A child of the caller's context, so destroying the context aborts the exchange.
class HttpExchange : public QObject
{
public:
    HttpExchange(HttpClient *client, const HttpRequest &request, QObject *context,
                 std::function<void(const HttpAnswer &)> done)
        : QObject(context), m_client(client), m_request(request), m_done(std::move(done)),
          m_origin(originOf(request.url))
    {
        m_clock.start();
        m_timer.start(request.timeout, this);
        open(/*mayReuse=*/true);
    }

    ~HttpExchange() override { closeSocket(); }

protected:
    void timerEvent(QTimerEvent *event) override
    {
        if (event->timerId() != m_timer.timerId())
            return;
        m_timer.stop();
        finish(u"GET "_s + shown() + u" timed out after "_s + seconds(m_request.timeout) + u'.');
    }

private:
    enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, Done };
    enum class Framing { Length, Chunked, UntilClose };

    QString shown() const { return m_request.url.toDisplayString(); }

    void open(bool mayReuse)
    {
        const bool tls = m_request.url.scheme() == u"https";
        m_socket = mayReuse ? m_client->takeIdle(m_origin) : nullptr;
        m_reused = m_socket != nullptr;
        if (!m_socket)
            m_socket = m_client->newSocket(tls);
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, [this] { readAnswer(); });
        connect(m_socket, &QTcpSocket::disconnected, this, [this] { closed(); });
        connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::RemoteHostClosedError)
                closed();
            else
                failed(m_socket->errorString());
        });
        if (m_reused) {
            sendRequest();
            return;
        }
        const quint16 port = quint16(m_request.url.port(tls ? 443 : 80));
        if (tls) {
            auto *socket = static_cast<QSslSocket *>(m_socket);
            connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
                if (!errors.isEmpty())
                    m_tlsProblem = errors.first().errorString();
            });
            connect(socket, &QSslSocket::encrypted, this, [this] { sendRequest(); });
            socket->connectToHostEncrypted(m_request.url.host(), port);
        } else {
            connect(m_socket, &QTcpSocket::connected, this, [this] { sendRequest(); });
            m_socket->connectToHost(m_request.url.host(), port);
        }
    }

    void sendRequest()
    {
        QByteArray target = m_request.url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (m_request.url.hasQuery())
            target += '?' + m_request.url.query(QUrl::FullyEncoded).toLatin1();
        const bool tls = m_request.url.scheme() == u"https";
        QByteArray host = m_request.url.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':'))
            host = '[' + host + ']';
        const int port = m_request.url.port();
        if (port > 0 && port != (tls ? 443 : 80))
            host += ':' + QByteArray::number(port);
        m_socket->write("GET " + target + " HTTP/1.1\r\nHost: " + host
                        + "\r\nUser-Agent: ReleaseDeck health check\r\nAccept: */*\r\n\r\n");
    }

    // The server closed the connection: the natural end of an answer without a length, a
    // kept-alive connection the server had already given up on, or a failure.
    void closed()
    {
        if (m_phase == Phase::Done || !m_done)
            return;
        if (m_phase == Phase::Body && m_framing == Framing::UntilClose) {
            readAnswer();
            if (m_phase != Phase::Done)
                complete(/*keepAlive=*/false);
            return;
        }
        if (m_reused && !m_received) {
            // An idle connection the server had closed before our request reached it: GET is
            // idempotent, so ask again on a fresh connection (once).
            closeSocket();
            open(/*mayReuse=*/false);
            return;
        }
        failed(m_received ? u"the server closed the connection in the middle of its answer"_s
                          : u"the server closed the connection without answering"_s);
    }

    void failed(const QString &reason)
    {
        if (!m_tlsProblem.isEmpty()) {
            finish(u"GET "_s + shown() + u": the TLS certificate is not trusted ("_s + m_tlsProblem
                   + u"); trust it with 'ca' in the workspace if it is yours."_s);
            return;
        }
        QString sentence = reason;
        while (sentence.endsWith(u'.'))
            sentence.chop(1);
        finish(u"GET "_s + shown() + u" failed: "_s + sentence + u'.');
    }

    void oversized() { finish(u"GET "_s + shown() + u" answered with more than "_s + sizeText(m_request.maxBytes) + u'.'); }

    void readAnswer()
    {
        if (!m_socket || m_phase == Phase::Done)
            return;
        const QByteArray data = m_socket->readAll();
        if (data.isEmpty())
            return;
        m_received = true;
        m_buffer.append(data);
        while (m_done && m_phase != Phase::Done) {
            if (!step())
                return;
        }
    }

    // One line of head, trailer or chunk size from the buffer, without its line break;
    // nullopt when it has not all arrived yet.
    std::optional<QByteArray> takeLine(qsizetype limit, const char *what)
    {
        const qsizetype end = m_buffer.indexOf('\n', m_offset);
        if (end < 0) {
            if (m_buffer.size() - m_offset > limit)
                failed(u"the answer's %1 is longer than %2"_s.arg(QLatin1StringView(what), sizeText(limit)));
            return std::nullopt;
        }
        QByteArray line = m_buffer.mid(m_offset, end - m_offset);
        m_offset = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        return line;
    }

    void compact()
    {
        if (m_offset > 0) {
            m_buffer.remove(0, m_offset);
            m_offset = 0;
        }
    }

    // Advances the parser; false when it needs more data (or finished the exchange).
    bool step()
    {
        switch (m_phase) {
        case Phase::Head: {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            const qsizetype lfEnd = m_buffer.indexOf("\n\n");
            if (end < 0 && lfEnd < 0) {
                if (m_buffer.size() > maxHeaderBytes)
                    failed(u"the answer's header is larger than %1"_s.arg(sizeText(maxHeaderBytes)));
                return false;
            }
            const bool crlf = end >= 0 && (lfEnd < 0 || end < lfEnd);
            const qsizetype headEnd = crlf ? end : lfEnd;
            if (headEnd > maxHeaderBytes) {
                failed(u"the answer's header is larger than %1"_s.arg(sizeText(maxHeaderBytes)));
                return false;
            }
            if (!parseHead(m_buffer.left(headEnd)))
                return false;
            m_offset = headEnd + (crlf ? 4 : 2);
            compact();
            return true;
        }
        case Phase::Body: {
            const qsizetype available = m_buffer.size() - m_offset;
            if (m_framing == Framing::Length) {
                const qsizetype take = std::min<qint64>(available, m_remaining);
                if (!appendBody(m_buffer.mid(m_offset, take)))
                    return false;
                m_offset += take;
                m_remaining -= take;
                compact();
                if (m_remaining == 0)
                    complete(/*keepAlive=*/m_keepAlive && m_buffer.isEmpty());
                return false;
            }
            if (!appendBody(m_buffer.mid(m_offset)))
                return false;
            m_buffer.clear();
            m_offset = 0;
            return false;   // until the server closes
        }
        case Phase::ChunkSize: {
            const std::optional<QByteArray> line = takeLine(maxChunkLine, "chunk size");
            if (!line)
                return false;
            const QByteArray size = line->split(';').first().trimmed();
            bool ok = false;
            const qint64 value = size.toLongLong(&ok, 16);
            if (!ok || value < 0 || size.size() > 15) {
                failed(u"the answer's chunk size '%1' is not valid"_s.arg(QString::fromLatin1(size.left(20))));
                return false;
            }
            if (value > m_request.maxBytes - m_body.size()) {
                oversized();
                return false;
            }
            m_remaining = value;
            m_phase = value == 0 ? Phase::Trailers : Phase::ChunkData;
            return true;
        }
        case Phase::ChunkData: {
            const qsizetype take = std::min<qint64>(m_buffer.size() - m_offset, m_remaining);
            if (!appendBody(m_buffer.mid(m_offset, take)))
                return false;
            m_offset += take;
            m_remaining -= take;
            compact();
            if (m_remaining > 0)
                return false;
            m_phase = Phase::ChunkEnd;
            return true;
        }
        case Phase::ChunkEnd: {
            const std::optional<QByteArray> line = takeLine(2, "chunk end");
            if (!line)
                return false;
            if (!line->isEmpty()) {
                failed(u"the answer's chunks are malformed"_s);
                return false;
            }
            m_phase = Phase::ChunkSize;
            return true;
        }
        case Phase::Trailers: {
            const std::optional<QByteArray> line = takeLine(maxHeaderBytes, "trailer");
            if (!line)
                return false;
            if (line->isEmpty()) {
                compact();
                complete(/*keepAlive=*/m_keepAlive && m_buffer.isEmpty());
            }
            return true;
        }
        case Phase::Done:
            return false;
        }
        return false;
    }

    bool parseHead(const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QByteArray statusLine = lines.first().trimmed();
        // "HTTP/1.1 200 OK"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12 || statusLine.at(8) != ' ') {
            failed(u"the answer is not HTTP ('%1')"_s.arg(shortened(statusLine.left(40), 40)));
            return false;
        }
        bool ok = false;
        const int status = statusLine.mid(9, 3).toInt(&ok);
        if (!ok || status < 100 || status > 999 || (statusLine.size() > 12 && statusLine.at(12) != ' ')) {
            failed(u"the answer's status line is not valid ('%1')"_s.arg(shortened(statusLine.left(40), 40)));
            return false;
        }
        const bool http10 = statusLine.at(7) == '0';
        qint64 length = -1;
        bool chunked = false;
        std::optional<bool> connectionKeepAlive;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                failed(u"the answer has a malformed header line"_s);
                return false;
            }
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                const qint64 parsed = value.toLongLong(&ok);
                if (!ok || parsed < 0 || (length >= 0 && parsed != length)) {
                    failed(u"the answer's Content-Length is not valid"_s);
                    return false;
                }
                length = parsed;
            } else if (name == "transfer-encoding") {
                chunked = value.toLower().endsWith("chunked");
            } else if (name == "connection") {
                connectionKeepAlive = !value.toLower().contains("close");
            }
        }
        if (status >= 100 && status < 200) {
            // An interim answer (100 Continue): the real one follows on the same connection.
            return true;
        }
        m_status = status;
        m_keepAlive = connectionKeepAlive.value_or(!http10);
        if (status == 204 || status == 304) {
            m_phase = Phase::Done;
            complete(m_keepAlive);
            return false;
        }
        if (chunked) {
            m_framing = Framing::Chunked;
            m_phase = Phase::ChunkSize;
        } else if (length >= 0) {
            if (length > m_request.maxBytes) {
                oversized();
                return false;
            }
            m_framing = Framing::Length;
            m_remaining = length;
            m_phase = Phase::Body;
            if (length == 0) {
                complete(m_keepAlive);
                return false;
            }
        } else {
            m_framing = Framing::UntilClose;
            m_keepAlive = false;
            m_phase = Phase::Body;
        }
        return true;
    }

    bool appendBody(const QByteArray &data)
    {
        if (m_body.size() + data.size() > m_request.maxBytes) {
            oversized();
            return false;
        }
        m_body.append(data);
        return true;
    }

    void complete(bool keepAlive)
    {
        m_phase = Phase::Done;
        HttpAnswer answer;
        answer.status = m_status;
        answer.body = std::move(m_body);
        answer.latencyMs = m_clock.elapsed();
        if (keepAlive && m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            m_socket->disconnect(this);
            m_client->putIdle(m_origin, m_socket);
            m_socket = nullptr;
        }
        deliver(answer);
    }

    void finish(const QString &error)
    {
        m_phase = Phase::Done;
        HttpAnswer answer;
        answer.error = error;
        answer.latencyMs = m_clock.elapsed();
        closeSocket();
        deliver(answer);
    }

    void deliver(const HttpAnswer &answer)
    {
        m_timer.stop();
        auto done = std::move(m_done);
        m_done = nullptr;
        deleteLater();
        if (done)
            done(answer);
    }

    void closeSocket()
    {
        if (!m_socket)
            return;
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    std::function<void(const HttpAnswer &)> m_done;
    QString m_origin;
    QTcpSocket *m_socket = nullptr;
    bool m_reused = false;
    bool m_received = false;
    QString m_tlsProblem;
    QElapsedTimer m_clock;
    QBasicTimer m_timer;

    QByteArray m_buffer;
    qsizetype m_offset = 0;
    Phase m_phase = Phase::Head;
    Framing m_framing = Framing::Length;
    qint64 m_remaining = 0;
    int m_status = 0;
    bool m_keepAlive = true;
    QByteArray m_body;
};

HttpClient::HttpClient(QList<QSslCertificate> trusted, QObject *parent)
    : QObject(parent), m_trusted(std::move(trusted))
{
}

HttpClient::~HttpClient()
{
    for (const QList<QTcpSocket *> &sockets : std::as_const(m_idle))
        qDeleteAll(sockets);
}

void HttpClient::get(const HttpRequest &request, QObject *context, std::function<void(const HttpAnswer &)> done)
{
    const QString scheme = request.url.scheme();
    if ((scheme != u"http" && scheme != u"https") || request.url.host().isEmpty()) {
        HttpAnswer answer;
        answer.error = u"GET "_s + request.url.toDisplayString() + u" failed: only http:// and https:// URLs with a host can be checked."_s;
        QMetaObject::invokeMethod(context, [answer, done = std::move(done)] { done(answer); }, Qt::QueuedConnection);
        return;
    }
    new HttpExchange(this, request, context, std::move(done));
}

int HttpClient::idleConnections() const
{
    int count = 0;
    for (const QList<QTcpSocket *> &sockets : m_idle)
        count += int(sockets.size());
    return count;
}

QTcpSocket *HttpClient::newSocket(bool tls)
{
    if (!tls)
        return new QTcpSocket;
    auto *socket = new QSslSocket;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_trusted.isEmpty())
        configuration.addCaCertificates(m_trusted);
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket->setSslConfiguration(configuration);
    return socket;
}

QTcpSocket *HttpClient::takeIdle(const QString &origin)
{
    auto it = m_idle.find(origin);
    while (it != m_idle.end() && !it->isEmpty()) {
        QTcpSocket *socket = it->takeLast();
        socket->disconnect(this);
        // Data on an idle connection, or a closed one, cannot carry a new request.
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            return socket;
        socket->deleteLater();
    }
    return nullptr;
}

void HttpClient::putIdle(const QString &origin, QTcpSocket *socket)
{
    QList<QTcpSocket *> &sockets = m_idle[origin];
    if (sockets.size() >= maxIdlePerOrigin) {
        socket->setParent(nullptr);
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setParent(this);
    // A server closing an idle connection (or sending to it unasked) makes it useless.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { dropIdle(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { dropIdle(socket); });
    sockets.append(socket);
}

void HttpClient::dropIdle(QTcpSocket *socket)
{
    for (QList<QTcpSocket *> &sockets : m_idle) {
        if (sockets.removeOne(socket)) {
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
            return;
        }
    }
}

} // namespace rd::health
