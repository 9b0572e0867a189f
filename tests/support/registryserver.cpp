// SPDX-License-Identifier: GPL-3.0-or-later
#include "registryserver.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QThread>
#include <QUrlQuery>
#include <QUuid>
#include <optional>

using namespace Qt::StringLiterals;

namespace rd::test {

namespace {

constexpr auto Service = "releasedeck-test-registry";
constexpr auto Issuer = "releasedeck-test-issuer";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Runs a short helper program to the end; its stdout, or nothing on failure.
std::optional<QByteArray> runTool(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return std::nullopt;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished(5'000);
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::nullopt;
    return process.readAllStandardOutput();
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

RegistryServer::RegistryServer(Options options)
    : m_options(std::move(options))
{
    if (!m_dir.isValid()) {
        m_error = u"cannot create a temporary folder"_s;
        return;
    }
    for (int attempt = 0; attempt < 3 && !isRunning(); ++attempt) {
        m_error.clear();
        if (start())
            break;
    }
}

RegistryServer::RegistryServer()
    : RegistryServer(Options{})
{
}

RegistryServer::~RegistryServer()
{
    kill();
}

bool RegistryServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString RegistryServer::hostPort() const
{
    return u"127.0.0.1:%1"_s.arg(m_port);
}

QString RegistryServer::url() const
{
    return (m_options.tls ? u"https://"_s : u"http://"_s) + hostPort();
}

QString RegistryServer::certificateFile() const
{
    return m_dir.filePath(u"tls.crt"_s);
}

void RegistryServer::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill(); // by PID: SIGKILL to the process we started
        m_process->waitForFinished(10'000);
    }
}

bool RegistryServer::start()
{
    kill();
    m_port = freePort();
    if (m_port == 0) {
        m_error = u"no free port on 127.0.0.1"_s;
        return false;
    }
    const QString storage = m_dir.filePath(u"storage"_s);
    QDir().mkpath(storage);

    QString authYaml;
    if (m_options.auth == Auth::Basic) {
        const auto line = runTool(u"htpasswd"_s, {u"-Bbn"_s, m_options.user, m_options.password});
        if (!line || !writeFile(m_dir.filePath(u"htpasswd"_s), line->trimmed() + '\n')) {
            m_error = u"htpasswd -Bbn failed (is apache2-utils installed?)"_s;
            return false;
        }
        authYaml = u"auth:\n  htpasswd:\n    realm: releasedeck-test\n    path: %1\n"_s.arg(m_dir.filePath(u"htpasswd"_s));
    } else if (m_options.auth == Auth::Token) {
        if (!prepareTokenAuth(authYaml))
            return false;
    }

    QString tlsYaml;
    if (m_options.tls) {
        if (!QFile::exists(certificateFile())
            && !runTool(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                                       m_dir.filePath(u"tls.key"_s), u"-out"_s, certificateFile(), u"-days"_s, u"2"_s,
                                       u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-batch"_s})) {
            m_error = u"openssl could not make the registry's TLS certificate"_s;
            return false;
        }
        tlsYaml = u", tls: {certificate: %1, key: %2}"_s.arg(certificateFile(), m_dir.filePath(u"tls.key"_s));
    }
    const QString config = u"version: 0.1\n"
                           u"log: {level: error, accesslog: {disabled: true}}\n"
                           u"storage: {filesystem: {rootdirectory: %1}, delete: {enabled: true}}\n"
                           u"http: {addr: 127.0.0.1:%2%3}\n"_s.arg(storage).arg(m_port).arg(tlsYaml)
                         + authYaml;
    const QString configPath = m_dir.filePath(u"config.yml"_s);
    if (!writeFile(configPath, config.toUtf8())) {
        m_error = u"cannot write %1"_s.arg(configPath);
        return false;
    }

    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(u"registry.log"_s));
    m_process->start(u"docker-registry"_s, {u"serve"_s, configPath});
    if (!m_process->waitForStarted(10'000)) {
        m_error = u"cannot start docker-registry: %1"_s.arg(m_process->errorString());
        return false;
    }

    // Ready when /v2/ answers anything HTTP (200 anonymous, 401 with auth).
    QDeadlineTimer deadline(10'000);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running)
            break;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(500)) {
            socket.write("GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
            if (socket.waitForBytesWritten(1000) && socket.waitForReadyRead(2000) && socket.readAll().startsWith("HTTP/1."))
                return true;
        }
        QThread::msleep(20);
    }
    QFile log(m_dir.filePath(u"registry.log"_s));
    const QByteArray output = log.open(QIODevice::ReadOnly) ? log.read(4000) : QByteArray();
    m_error = u"docker-registry did not answer on %1: %2"_s.arg(hostPort(), QString::fromUtf8(output));
    kill();
    return false;
}

bool RegistryServer::prepareTokenAuth(QString &authYaml)
{
    const QString key = m_dir.filePath(u"token.key"_s);
    const QString cert = m_dir.filePath(u"token.crt"_s);
    if (m_certDerBase64.isEmpty()) {
        if (!runTool(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, key,
                                    u"-out"_s, cert, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=releasedeck-test-token"_s, u"-batch"_s})) {
            m_error = u"openssl could not make the token signing certificate"_s;
            return false;
        }
        const auto der = runTool(u"openssl"_s, {u"x509"_s, u"-in"_s, cert, u"-outform"_s, u"DER"_s});
        if (!der || der->isEmpty()) {
            m_error = u"openssl could not convert the token certificate to DER"_s;
            return false;
        }
        m_certDerBase64 = der->toBase64();
    }
    if (!m_realm.isListening()) {
        if (!m_realm.listen(QHostAddress::LocalHost, 0)) {
            m_error = u"the token realm cannot listen: %1"_s.arg(m_realm.errorString());
            return false;
        }
        QObject::connect(&m_realm, &QTcpServer::newConnection, &m_realm, [this] {
            while (QTcpSocket *socket = m_realm.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    QByteArray buffer = socket->property("rdBuffer").toByteArray() + socket->readAll();
                    socket->setProperty("rdBuffer", buffer);
                    const qsizetype end = buffer.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    socket->setProperty("rdBuffer", QByteArray());
                    answerToken(socket, buffer.left(end));
                });
            }
        });
    }
    authYaml = u"auth:\n  token:\n    realm: http://127.0.0.1:%1/token\n    service: %2\n    issuer: %3\n    rootcertbundle: %4\n"_s
                   .arg(m_realm.serverPort())
                   .arg(QLatin1StringView(Service), QLatin1StringView(Issuer), cert);
    return true;
}

void RegistryServer::answerToken(QTcpSocket *socket, const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QByteArray authorization;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("authorization", Qt::CaseInsensitive) == 0)
            authorization = line.mid(colon + 1).trimmed();
    }
    const QUrl target(QString::fromLatin1(requestLine.value(1)));
    const QString scope = QUrlQuery(target).allQueryItemValues(u"scope"_s, QUrl::FullyDecoded).join(u' ');
    m_tokenScopes.append(scope);
    if (m_beforeToken)
        m_beforeToken(scope);

    const QByteArray expected = "Basic " + (m_options.user + u':' + m_options.password).toUtf8().toBase64();
    QByteArray response;
    if (authorization != expected) {
        const QByteArray body = R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})";
        response = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nWWW-Authenticate: Basic realm=\"token\"\r\n"
                   "Connection: close\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    } else {
        const QByteArray body = QJsonDocument(QJsonObject{{u"token"_s, QString::fromLatin1(mintToken(scope))}, {u"expires_in"_s, 300}})
                                    .toJson(QJsonDocument::Compact);
        response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }
    socket->write(response);
    socket->disconnectFromHost();
}

QByteArray RegistryServer::mintToken(const QString &scope)
{
    QJsonArray access;
    // "repository:name:pull,push" — several scopes are separated by spaces.
    for (const QString &one : scope.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype first = one.indexOf(u':');
        const qsizetype last = one.lastIndexOf(u':');
        if (first < 0 || last <= first)
            continue;
        access.append(QJsonObject{{u"type"_s, one.left(first)},
                                  {u"name"_s, one.mid(first + 1, last - first - 1)},
                                  {u"actions"_s, QJsonArray::fromStringList(one.mid(last + 1).split(u','))}});
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject header{{u"typ"_s, u"JWT"_s}, {u"alg"_s, u"RS256"_s},
                             {u"x5c"_s, QJsonArray{QString::fromLatin1(m_certDerBase64)}}};
    const QJsonObject claims{{u"iss"_s, QLatin1StringView(Issuer)}, {u"sub"_s, m_options.user},
                             {u"aud"_s, QLatin1StringView(Service)}, {u"exp"_s, now + 300}, {u"nbf"_s, now - 10},
                             {u"iat"_s, now}, {u"jti"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                             {u"access"_s, access}};
    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                                  + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const auto signature = runTool(u"openssl"_s, {u"dgst"_s, u"-sha256"_s, u"-sign"_s, m_dir.filePath(u"token.key"_s)}, signingInput);
    if (!signature)
        return "signing-failed";
    return signingInput + '.' + base64Url(*signature);
}

} // namespace rd::test
