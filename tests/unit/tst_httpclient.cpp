// SPDX-License-Identifier: GPL-3.0-or-later
// The health checks' own HTTP/1.1 client against a real loopback server that answers each
// request with exact bytes (chunked, HTTP/1.0, interim answers, malformed heads), and against
// servers that close kept-alive connections.
#include "health/checkrunner.h"
#include "health/httpclient.h"

#include <QHash>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using rd::health::HttpAnswer;
using rd::health::HttpClient;
using rd::health::HttpRequest;

namespace {

// Answers "GET /name" with the bytes registered for name; closes afterwards when told to.
class RawServer : public QTcpServer
{
public:
    struct Answer
    {
        QByteArray bytes;
        bool close = false;
    };
    QHash<QByteArray, Answer> answers;
    int connections = 0;
    QList<QPointer<QTcpSocket>> sockets;

    RawServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++connections;
                sockets.append(socket);
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        const QByteArray head = buffer->left(end);
                        buffer->remove(0, end + 4);
                        const QByteArray path = head.split(' ').value(1).mid(1);
                        const Answer answer = answers.value(path, Answer{"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"});
                        socket->write(answer.bytes);
                        if (answer.close)
                            socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    QUrl url(const QString &path) const { return QUrl(u"http://127.0.0.1:%1/%2"_s.arg(serverPort()).arg(path)); }
    void closeAll()
    {
        for (const QPointer<QTcpSocket> &socket : std::as_const(sockets)) {
            if (socket)
                socket->disconnectFromHost();
        }
    }
};

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void framing_data();
    void framing();
    void keepsConnectionsAlive();
    void retriesOnceWhenAnIdleConnectionWasClosed();
    void closedMidAnswerIsAnError();
    void destroyingTheContextAborts();
    void onlyHttpUrls();

private:
    HttpAnswer get(HttpClient &client, const QUrl &url, std::chrono::milliseconds timeout = std::chrono::seconds(20));
    RawServer m_server;
};

void TestHttpClient::initTestCase()
{
    QVERIFY(m_server.listen(QHostAddress::LocalHost));
    auto &a = m_server.answers;
    a.insert("length", {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"});
    a.insert("chunked", {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"});
    a.insert("http10", {"HTTP/1.0 200 OK\r\n\r\nuntil close", true});
    a.insert("nocontent", {"HTTP/1.1 204 No Content\r\n\r\n"});
    a.insert("interim", {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"});
    a.insert("lf", {"HTTP/1.1 200 OK\nContent-Length: 2\n\nok"});
    a.insert("status", {"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"});
    a.insert("badlength", {"HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n"});
    a.insert("twolengths", {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"});
    a.insert("badchunk", {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"});
    a.insert("hugechunk", {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFF\r\nhello\r\n", true});
    a.insert("chunkend", {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX\r\n0\r\n\r\n"});
    a.insert("headerline", {"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"});
    a.insert("hugehead", {"HTTP/1.1 200 OK\r\nX-Long: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n", true});
    a.insert("close", {"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", true});
}

HttpAnswer TestHttpClient::get(HttpClient &client, const QUrl &url, std::chrono::milliseconds timeout)
{
    HttpRequest request{url, timeout, 1 << 20, {}};
    std::optional<HttpAnswer> answer;
    QObject context;
    client.get(request, &context, [&](const HttpAnswer &a) { answer = a; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 30'000)) {
        HttpAnswer none;
        none.error = u"no answer within 30 s"_s;
        return none;
    }
    return *answer;
}

void TestHttpClient::framing_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // what the error must contain; empty: none

    QTest::newRow("content-length") << u"length"_s << 200 << QByteArray("hello") << QString();
    QTest::newRow("chunked with extension and trailer") << u"chunked"_s << 200 << QByteArray("hello, world") << QString();
    QTest::newRow("HTTP/1.0 until close") << u"http10"_s << 200 << QByteArray("until close") << QString();
    QTest::newRow("204 has no body") << u"nocontent"_s << 204 << QByteArray() << QString();
    QTest::newRow("100 Continue skipped") << u"interim"_s << 200 << QByteArray("ok") << QString();
    QTest::newRow("bare LF line ends") << u"lf"_s << 200 << QByteArray("ok") << QString();
    QTest::newRow("404") << u"missing"_s << 404 << QByteArray() << QString();
    QTest::newRow("bad status") << u"status"_s << 0 << QByteArray() << u"status line is not valid"_s;
    QTest::newRow("negative length") << u"badlength"_s << 0 << QByteArray() << u"Content-Length is not valid"_s;
    QTest::newRow("two lengths") << u"twolengths"_s << 0 << QByteArray() << u"Content-Length is not valid"_s;
    QTest::newRow("bad chunk size") << u"badchunk"_s << 0 << QByteArray() << u"chunk size 'zz' is not valid"_s;
    QTest::newRow("chunk beyond the bound") << u"hugechunk"_s << 0 << QByteArray() << u"answered with more than 1 MiB"_s;
    QTest::newRow("chunk without its end") << u"chunkend"_s << 0 << QByteArray() << u"chunks are malformed"_s;
    QTest::newRow("header without colon") << u"headerline"_s << 0 << QByteArray() << u"malformed header line"_s;
    QTest::newRow("header beyond 64 KiB") << u"hugehead"_s << 0 << QByteArray() << u"header is larger than 64 KiB"_s;
}

void TestHttpClient::framing()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    HttpClient client({});
    const HttpAnswer answer = get(client, m_server.url(path));
    if (error.isEmpty()) {
        QCOMPARE(answer.error, QString());
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.body, body);
    } else {
        QVERIFY2(answer.error.contains(error), qPrintable(answer.error));
        QVERIFY2(answer.error.startsWith(u"GET "_s + m_server.url(path).toString()), qPrintable(answer.error));
        QVERIFY2(answer.error.endsWith(u'.') && !answer.error.endsWith(u".."_s), qPrintable(answer.error));
    }
}

void TestHttpClient::keepsConnectionsAlive()
{
    HttpClient client({});
    const int before = m_server.connections;
    for (int i = 0; i < 10; ++i) {
        const HttpAnswer answer = get(client, m_server.url(i % 2 ? u"length"_s : u"chunked"_s));
        QCOMPARE(answer.error, QString());
    }
    QCOMPARE(m_server.connections - before, 1);
    QCOMPARE(client.idleConnections(), 1);
    // "Connection: close" and HTTP/1.0 answers are not kept.
    QCOMPARE(get(client, m_server.url(u"close"_s)).error, QString());
    QCOMPARE(client.idleConnections(), 0);
    QCOMPARE(get(client, m_server.url(u"http10"_s)).error, QString());
    QCOMPARE(client.idleConnections(), 0);
}

void TestHttpClient::retriesOnceWhenAnIdleConnectionWasClosed()
{
    HttpClient client({});
    QCOMPARE(get(client, m_server.url(u"length"_s)).error, QString());
    QCOMPARE(client.idleConnections(), 1);
    const int before = m_server.connections;
    // The server gives up on the idle connection; whether the client notices before the next
    // request or only when writing it, the next GET still succeeds on a new connection.
    m_server.closeAll();
    const HttpAnswer answer = get(client, m_server.url(u"length"_s));
    QCOMPARE(answer.error, QString());
    QCOMPARE(answer.body, QByteArray("hello"));
    QCOMPARE(m_server.connections - before, 1);
}

void TestHttpClient::closedMidAnswerIsAnError()
{
    m_server.answers.insert("cut", {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part", true});
    HttpClient client({});
    const HttpAnswer answer = get(client, m_server.url(u"cut"_s));
    QVERIFY2(answer.error.contains(u"closed the connection in the middle of its answer"_s), qPrintable(answer.error));
}

void TestHttpClient::destroyingTheContextAborts()
{
    m_server.answers.insert("never", {QByteArray()});   // the server never answers
    HttpClient client({});
    bool called = false;
    {
        QObject context;
        client.get(HttpRequest{m_server.url(u"never"_s), std::chrono::seconds(1), 1 << 20, {}}, &context,
                   [&](const HttpAnswer &) { called = true; });
        QTest::qWait(50);
    }
    QTest::qWait(1500);   // past the timeout: nothing may call back into the gone context
    QVERIFY(!called);
}

void TestHttpClient::onlyHttpUrls()
{
    HttpClient client({});
    const HttpAnswer answer = get(client, QUrl(u"ftp://127.0.0.1/x"_s));
    QVERIFY2(answer.error.contains(u"only http:// and https://"_s), qPrintable(answer.error));
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
