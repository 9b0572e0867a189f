// SPDX-License-Identifier: GPL-3.0-or-later
#include "httptestserver.h"

#include <QFile>
#include <QHostAddress>
#include <QPointer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rd::test {

namespace {

constexpr qint64 bigSize = (2 << 20) + 1;

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

HttpTestServer::HttpTestServer(QObject *parent) : QObject(parent)
{
}

HttpTestServer::~HttpTestServer() = default;

bool HttpTestServer::listen()
{
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool HttpTestServer::listenTls(const QString &certificatePem, const QString &keyPem)
{
    QFile certificateFile(certificatePem), keyFile(keyPem);
    if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return false;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certificateFile.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    auto *server = new QSslServer(this);
    server->setSslConfiguration(tls);
    server->setHandshakeTimeout(5'000);
    m_server = server;
    m_tls = true;
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 HttpTestServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl HttpTestServer::url(const QString &path) const
{
    return QUrl(u"%1://127.0.0.1:%2%3"_s.arg(m_tls ? u"https"_s : u"http"_s).arg(port()).arg(path));
}

void HttpTestServer::accept(QTcpSocket *socket)
{
    socket->setParent(this);
    ++m_open;
    m_peak = std::max(m_peak, m_open);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_open;
        socket->deleteLater();
    });
    auto buffer = std::make_shared<QByteArray>();
    auto handled = std::make_shared<bool>(false);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, handled] {
        if (*handled)
            return socket->readAll(), void();
        buffer->append(socket->readAll());
        if (buffer->size() > (2 << 20)) {
            socket->abort();
            return;
        }
        qsizetype end;
        while (!*handled && (end = buffer->indexOf("\r\n\r\n")) >= 0) {
            const QList<QByteArray> head = buffer->left(end).split('\n');
            qint64 length = 0;
            for (const QByteArray &line : head) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (length < 0 || length > (1 << 20)) {
                socket->abort();
                return;
            }
            if (buffer->size() < end + 4 + length)
                return; // the body is still arriving
            const QList<QByteArray> requestLine = head.first().trimmed().split(' ');
            const QByteArray body = buffer->mid(end + 4, length);
            buffer->remove(0, end + 4 + length);
            *handled = !m_keepAlive;
            answer(socket, requestLine.first(), requestLine.size() >= 2 ? requestLine[1] : QByteArray("/"), body);
        }
    });
}

void HttpTestServer::reply(QTcpSocket *socket, int status, const QByteArray &body)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    head += "Content-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += m_keepAlive ? "\r\n" : "Connection: close\r\n\r\n";
    socket->write(head + body);
    if (!m_keepAlive)
        socket->disconnectFromHost();
}

void HttpTestServer::answer(QTcpSocket *socket, const QByteArray &method, const QByteArray &rawPath,
                            const QByteArray &body)
{
    const QString path = QString::fromLatin1(rawPath.left(rawPath.indexOf('?') < 0 ? rawPath.size() : rawPath.indexOf('?')));
    m_received.append({method, path, rawPath, body});
    ++m_total;
    ++m_requests[path];
    if (path.startsWith(u"/status/"))
        return reply(socket, path.mid(8).toInt(), "status " + path.mid(8).toLatin1());
    if (path.startsWith(u"/slow/")) {
        QPointer<QTcpSocket> guarded(socket);
        QTimer::singleShot(path.mid(6).toInt(), this, [this, guarded] {
            if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
                reply(guarded, 200, "slow but ok");
        });
        return;
    }
    if (path == u"/garbage") {
        socket->write("SSH-2.0-definitely not http\r\n\x01\x02\x03\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    if (path == u"/close") {
        socket->abort();
        return;
    }
    if (path == u"/big")
        return reply(socket, 200, QByteArray(bigSize, 'x'));
    if (path == u"/stream") {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n" + QByteArray(bigSize, 'y'));
        socket->disconnectFromHost();
        return;
    }
    if (path.startsWith(u"/body/"))
        return reply(socket, 200, m_bodies.value(path.mid(6)));
    if (path.startsWith(u"/seq/")) {
        QList<int> &sequence = m_sequences[path.mid(5)];
        const int status = sequence.isEmpty() ? 200 : sequence.first();
        if (sequence.size() > 1)
            sequence.removeFirst();
        return reply(socket, status, "sequence");
    }
    reply(socket, 200, "ok");
}

bool HttpTestServer::makeSelfSignedCertificate(const QString &certificatePath, const QString &keyPath, QString *error)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, keyPath,
                                 u"-out"_s, certificatePath, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                                 u"-addext"_s, u"subjectAltName=IP:127.0.0.1,DNS:localhost"_s});
    if (!openssl.waitForStarted(10'000)) {
        *error = u"openssl could not be started: "_s + openssl.errorString();
        return false;
    }
    if (!openssl.waitForFinished(60'000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        *error = u"openssl failed: "_s + QString::fromLocal8Bit(openssl.readAll());
        openssl.kill();
        openssl.waitForFinished(5'000);
        return false;
    }
    return true;
}

} // namespace rd::test
