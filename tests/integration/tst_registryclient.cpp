// SPDX-License-Identifier: GPL-3.0-or-later
// RemoteRegistry against a real Debian docker-registry (distribution 2.8) started by the test:
// anonymous, htpasswd Basic and token (Bearer) auth, images pushed independently by skopeo
// from an OCI layout written with OciLayoutWriter, retag verified with skopeo, the registry
// killed mid-operation, and releasedeck-cli list against it.
//
// Faults a real registry cannot be made to produce on demand — a 500, garbage JSON, an
// oversized answer, a silent server, a redirect to another host, tag pages with Link — come
// from FakeServer, a QTcpServer in this process; each such test says so. Every wait is bounded.
#include "registry/authchallenge.h"
#include "registry/mediatypes.h"
#include "registry/ocilayoutwriter.h"
#include "registry/remoteregistry.h"
#include "registryserver.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>

using namespace Qt::StringLiterals;
using namespace rd::registry;
using rd::test::RegistryServer;

namespace {

const QString Image = u"rd/api"_s;
const QString MultiImage = u"rd/multi"_s;
const QString Revision12 = u"0123456789abcdef0123456789abcdef01234567"_s;
const QString Revision13 = u"fedcba9876543210fedcba9876543210fedcba98"_s;
const char *CredentialsVariable = "RD_TEST_REGISTRY_CREDENTIALS";

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program while this thread's event loop keeps spinning (the token realm of a
// RegistryServer lives on it), killing it after `timeoutMs`.
Run runProgram(const QString &program, const QStringList &arguments, int timeoutMs = 60'000)
{
    QProcess process;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    process.start(program, arguments);
    timer.start(timeoutMs);
    loop.exec();
    Run run;
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(5'000);
    } else {
        run.finished = process.exitStatus() == QProcess::NormalExit && process.error() != QProcess::FailedToStart;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString describe(const Run &run)
{
    return u"exit %1\n--- stdout:\n%2\n--- stderr:\n%3"_s.arg(run.exitCode).arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString sha256(const QByteArray &bytes)
{
    return u"sha256:"_s + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

std::optional<Descriptor> addImage(OciLayoutWriter &writer, const QString &version, const QString &revision, const QString &arch)
{
    auto layer = writer.writeBlob(makeTar({{u"app/VERSION"_s, version.toUtf8()}}, 0), MediaType::OciLayerTar);
    QJsonObject labels{{u"org.opencontainers.image.version"_s, version}};
    if (!revision.isEmpty())
        labels.insert(u"org.opencontainers.image.revision"_s, revision);
    auto config = writer.writeBlob(compact({{u"architecture"_s, arch}, {u"os"_s, u"linux"_s},
                                            {u"created"_s, u"2026-01-02T03:04:05Z"_s},
                                            {u"config"_s, QJsonObject{{u"Labels"_s, labels}}},
                                            {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{layer ? layer->digest : QString()}}}}}),
                                   MediaType::OciConfig);
    if (!layer || !config)
        return std::nullopt;
    auto manifest = writer.writeImage(*config, {*layer});
    if (!manifest)
        return std::nullopt;
    return *manifest;
}

// A request as FakeServer saw it.
struct FakeRequest
{
    QByteArray method;
    QByteArray target;
    QHash<QByteArray, QByteArray> headers; // lower-case names
};

QByteArray httpResponse(int status, const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                        bool contentLength = true)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nConnection: close\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (contentLength)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

// A scripted HTTP server for faults a real registry does not produce on demand. The handler
// returns the raw response; an empty one means "never answer".
class FakeServer
{
public:
    using Handler = std::function<QByteArray(const FakeRequest &)>;

    explicit FakeServer(Handler handler, const QHostAddress &address = QHostAddress::LocalHost)
        : m_handler(std::move(handler))
    {
        if (!m_server.listen(address, 0))
            return;
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                m_sockets.append(socket);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onData(socket); });
            }
        });
    }

    bool isListening() const { return m_server.isListening(); }
    QString url() const { return u"http://%1:%2"_s.arg(m_server.serverAddress().toString()).arg(m_server.serverPort()); }
    QList<FakeRequest> requests;

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        while (true) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            FakeRequest request;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            for (const QByteArray &line : lines.mid(1)) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length").toLongLong();
            if (buffer.size() < end + 4 + length)
                return;
            buffer.remove(0, end + 4 + length);
            requests.append(request);
            const QByteArray response = m_handler(request);
            if (response.isEmpty())
                return; // a silent server
            socket->write(response);
            socket->disconnectFromHost();
            return;
        }
    }

    Handler m_handler;
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// QVERIFY2 evaluates its message even when the check passes: never touch error() of a value.
template<typename T>
QString errorOf(const rd::Result<T> &result)
{
    return result ? QString() : result.error().toString();
}

RemoteRegistry::Options fastOptions()
{
    RemoteRegistry::Options options;
    options.transferTimeout = std::chrono::milliseconds(3'000);
    options.requestTimeout = std::chrono::milliseconds(10'000);
    options.attempts = 3;
    options.backoff = std::chrono::milliseconds(20);
    return options;
}

} // namespace

class TestRegistryClient : public QObject
{
    Q_OBJECT

    QTemporaryDir m_layouts;
    QString m_digest12; // manifest digests in the layout (skopeo may re-encode, so the tests
    QString m_digest13; // compare against what the registry holds, not against these)

    // Copies the layout's tags into the registry with skopeo, an independent client.
    void push(const RegistryServer &server, const QString &image, const QStringList &tags, bool all = false)
    {
        for (const QString &tag : tags) {
            QStringList arguments{u"--insecure-policy"_s, u"copy"_s, u"--dest-tls-verify=false"_s};
            if (all)
                arguments.append(u"--all"_s);
            if (server.options().auth != RegistryServer::Auth::None)
                arguments.append(u"--dest-creds=%1:%2"_s.arg(server.options().user, server.options().password));
            arguments.append(u"oci:%1:%2"_s.arg(m_layouts.filePath(image), tag));
            arguments.append(u"docker://%1/%2:%3"_s.arg(server.hostPort(), image, tag));
            const Run run = runProgram(u"skopeo"_s, arguments);
            QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
        }
    }

    // The digest of what `image:tag` holds, read by skopeo: sha256 of the raw manifest bytes.
    QString skopeoDigest(const RegistryServer &server, const QString &image, const QString &tag)
    {
        QStringList arguments{u"inspect"_s, u"--raw"_s, u"--tls-verify=false"_s};
        if (server.options().auth != RegistryServer::Auth::None)
            arguments.append(u"--creds=%1:%2"_s.arg(server.options().user, server.options().password));
        arguments.append(u"docker://%1/%2:%3"_s.arg(server.hostPort(), image, tag));
        const Run run = runProgram(u"skopeo"_s, arguments);
        if (!run.finished || run.exitCode != 0) {
            qWarning("%s", qPrintable(describe(run)));
            return {};
        }
        return sha256(run.out);
    }

    static void useCredentials(const QString &user, const QString &password)
    {
        qputenv(CredentialsVariable, (user + u':' + password).toUtf8());
    }

    static RemoteRegistry client(const RegistryServer &server, const QString &credentials = u"none"_s)
    {
        return RemoteRegistry(u"test"_s, QUrl(server.url()), credentials, fastOptions());
    }

    void readAndRetag(const RegistryServer &server, RemoteRegistry &registry)
    {
        auto tags = registry.tags(Image);
        QVERIFY2(tags, qPrintable(errorOf(tags)));
        QStringList sorted = *tags;
        sorted.sort();
        QCOMPARE(sorted, (QStringList{u"qa"_s, u"staging"_s, u"v1.2.0"_s, u"v1.3.0"_s}));

        auto staging = registry.resolveTag(Image, u"staging"_s);
        QVERIFY2(staging, qPrintable(errorOf(staging)));
        QCOMPARE(*staging, skopeoDigest(server, Image, u"staging"_s));
        auto v12 = registry.resolveTag(Image, u"v1.2.0"_s);
        QVERIFY(v12);
        QCOMPARE(*v12, *staging);

        // overlapped HEADs give what one-by-one resolution gives, a missing tag included
        const QStringList asked = sorted + QStringList{u"gone"_s, u"bad tag"_s};
        const QList<rd::Result<QString>> batch = registry.resolveTags(Image, asked);
        QCOMPARE(batch.size(), asked.size());
        for (qsizetype i = 0; i < sorted.size(); ++i) {
            auto one = registry.resolveTag(Image, sorted.at(i));
            QVERIFY2(batch.at(i) && one, qPrintable(sorted.at(i)));
            QCOMPARE(*batch.at(i), *one);
        }
        QVERIFY(!batch.at(sorted.size()));
        QVERIFY2(batch.at(sorted.size()).error().message.contains(u"has no tag 'gone'"_s), qPrintable(batch.at(sorted.size()).error().message));
        QVERIFY(!batch.last());
        QVERIFY2(batch.last().error().message.contains(u"not a valid tag"_s), qPrintable(batch.last().error().message));

        auto config = registry.imageConfig(Image, *staging);
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(config->revision(), Revision12);
        QCOMPARE(config->version(), u"1.2.0"_s);
        QCOMPARE(config->created, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::UTC));

        auto missing = registry.resolveTag(Image, u"nope"_s);
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.contains(u"has no tag 'nope'"_s), qPrintable(missing.error().message));

        // retag staging → prod, as a promotion does: same digest, checked by skopeo
        auto retagged = registry.retag(Image, u"staging"_s, u"prod"_s, *staging);
        QVERIFY2(retagged, qPrintable(errorOf(retagged)));
        QCOMPARE(*retagged, *staging);
        QCOMPARE(skopeoDigest(server, Image, u"prod"_s), *staging);
        auto prod = registry.resolveTag(Image, u"prod"_s);
        QVERIFY(prod);
        QCOMPARE(*prod, *staging);

        // the plan was made when qa pointed elsewhere: refused, prod untouched
        auto qa = registry.resolveTag(Image, u"qa"_s);
        QVERIFY(qa);
        QVERIFY(*qa != *staging);
        auto refused = registry.retag(Image, u"qa"_s, u"prod"_s, *staging);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"refusing to tag rd/api:qa as prod"_s), qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(*qa), qPrintable(refused.error().message));
        QCOMPARE(skopeoDigest(server, Image, u"prod"_s), *staging);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_layouts.isValid());
        {
            OciLayoutWriter writer(m_layouts.filePath(Image));
            const auto v12 = addImage(writer, u"1.2.0"_s, Revision12, u"amd64"_s);
            const auto v13 = addImage(writer, u"1.3.0"_s, Revision13, u"amd64"_s);
            QVERIFY(v12 && v13);
            m_digest12 = v12->digest;
            m_digest13 = v13->digest;
            writer.tag(u"v1.2.0"_s, *v12);
            writer.tag(u"staging"_s, *v12);
            writer.tag(u"v1.3.0"_s, *v13);
            writer.tag(u"qa"_s, *v13);
            QVERIFY(writer.finish());
        }
        {
            // a multi-platform image whose first entry is arm64: the client must pick amd64
            OciLayoutWriter writer(m_layouts.filePath(MultiImage));
            const auto arm = addImage(writer, u"2.0.0-arm64"_s, {}, u"arm64"_s);
            const auto amd = addImage(writer, u"2.0.0"_s, {}, u"amd64"_s);
            QVERIFY(arm && amd);
            QJsonArray manifests;
            for (const auto &[descriptor, arch] : {std::pair{*arm, u"arm64"_s}, std::pair{*amd, u"amd64"_s}})
                manifests.append(QJsonObject{{u"mediaType"_s, descriptor.mediaType}, {u"digest"_s, descriptor.digest},
                                             {u"size"_s, descriptor.size},
                                             {u"platform"_s, QJsonObject{{u"architecture"_s, arch}, {u"os"_s, u"linux"_s}}}});
            auto index = writer.writeBlob(compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciIndex}, {u"manifests"_s, manifests}}),
                                          MediaType::OciIndex);
            QVERIFY(index);
            writer.tag(u"v2.0.0"_s, *index);
            QVERIFY(writer.finish());
        }
    }

    void anonymous()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        push(server, Image, {u"v1.2.0"_s, u"staging"_s, u"v1.3.0"_s, u"qa"_s});
        push(server, MultiImage, {u"v2.0.0"_s}, true);
        RemoteRegistry registry = client(server);
        readAndRetag(server, registry);
        if (QTest::currentTestFailed())
            return;

        auto multi = registry.resolveTag(MultiImage, u"v2.0.0"_s);
        QVERIFY2(multi, qPrintable(errorOf(multi)));
        QCOMPARE(*multi, skopeoDigest(server, MultiImage, u"v2.0.0"_s));
        auto index = registry.manifest(MultiImage, *multi);
        QVERIFY2(index, qPrintable(errorOf(index)));
        QCOMPARE(index->mediaType, MediaType::OciIndex);
        auto config = registry.imageConfig(MultiImage, *multi);
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(config->version(), u"2.0.0"_s); // linux/amd64, not the first (arm64) entry
        QCOMPARE(config->manifestDigest, *multi);

        auto absent = registry.tags(u"rd/absent"_s);
        QVERIFY(!absent);
        QVERIFY2(absent.error().message.contains(u"does not exist"_s), qPrintable(absent.error().message));
        auto hostile = registry.tags(u"../etc"_s);
        QVERIFY(!hostile);
        QVERIFY2(hostile.error().message.contains(u"not a valid image repository name"_s), qPrintable(hostile.error().message));
    }

    void basicAuth()
    {
        RegistryServer server(RegistryServer::Options{.auth = RegistryServer::Auth::Basic});
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        push(server, Image, {u"v1.2.0"_s, u"staging"_s, u"v1.3.0"_s, u"qa"_s});

        useCredentials(server.options().user, server.options().password);
        RemoteRegistry registry = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));
        readAndRetag(server, registry);
        if (QTest::currentTestFailed())
            return;

        useCredentials(server.options().user, u"wrong"_s);
        RemoteRegistry wrong = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));
        auto denied = wrong.tags(Image);
        QVERIFY(!denied);
        QVERIFY2(denied.error().message.contains(u"refused the credentials of user 'releasedeck'"_s), qPrintable(denied.error().message));
        QVERIFY(!denied.error().message.contains(u"wrong:"_s));

        RemoteRegistry anonymous = client(server);
        auto needs = anonymous.tags(Image);
        QVERIFY(!needs);
        QVERIFY2(needs.error().message.contains(u"requires a user name and password"_s), qPrintable(needs.error().message));

        qunsetenv(CredentialsVariable);
        RemoteRegistry unset = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));
        auto noVariable = unset.tags(Image);
        QVERIFY(!noVariable);
        QVERIFY2(noVariable.error().message.contains(u"is not set"_s), qPrintable(noVariable.error().message));

        // keyring: references are read for real in tst_keyring (private bus + gnome-keyring);
        // here, with no session bus to reach, the error says so instead of going anonymous
        const QByteArray savedBus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/releasedeck-test-bus");
        RemoteRegistry keyring = client(server, u"keyring:releasedeck/test"_s);
        auto noKeyring = keyring.tags(Image);
        if (savedBus.isEmpty())
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        else
            qputenv("DBUS_SESSION_BUS_ADDRESS", savedBus);
        QVERIFY(!noKeyring);
        QVERIFY2(noKeyring.error().message.contains(u"cannot reach the D-Bus session bus"_s), qPrintable(noKeyring.error().message));
    }

    void dockerConfigCredentials()
    {
        RegistryServer server(RegistryServer::Options{.auth = RegistryServer::Auth::Basic});
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        push(server, Image, {u"v1.2.0"_s});
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QByteArray auth = (server.options().user + u':' + server.options().password).toUtf8().toBase64();
        QFile file(home.filePath(u"config.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(compact({{u"auths"_s, QJsonObject{{u"other.example:5000"_s, QJsonObject{{u"auth"_s, u"eDp5"_s}}},
                                                      {server.hostPort(), QJsonObject{{u"auth"_s, QString::fromLatin1(auth)}}}}}}));
        file.close();
        const QByteArray saved = qgetenv("DOCKER_CONFIG");
        qputenv("DOCKER_CONFIG", home.path().toUtf8());
        RemoteRegistry registry = client(server, u"docker-config"_s);
        auto tags = registry.tags(Image);
        if (saved.isEmpty())
            qunsetenv("DOCKER_CONFIG");
        else
            qputenv("DOCKER_CONFIG", saved);
        QVERIFY2(tags, qPrintable(errorOf(tags)));
        QCOMPARE(*tags, QStringList{u"v1.2.0"_s});

        // a credential helper named in credHelpers: docker-credential-<name> get, host on stdin
        QFile helper(home.filePath(u"docker-credential-rdtest"_s));
        QVERIFY(helper.open(QIODevice::WriteOnly));
        helper.write("#!/bin/sh\nread host\n[ \"$host\" = \"" + server.hostPort().toUtf8() + "\" ] || exit 1\n"
                     "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + server.options().user.toUtf8() + "\",\"Secret\":\""
                     + server.options().password.toUtf8() + "\"}' \"$host\"\n");
        helper.close();
        QVERIFY(helper.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        QFile helperConfig(home.filePath(u"config.json"_s));
        QVERIFY(helperConfig.open(QIODevice::WriteOnly | QIODevice::Truncate));
        helperConfig.write(compact({{u"auths"_s, QJsonObject{{server.hostPort(), QJsonObject{}}}},
                                    {u"credHelpers"_s, QJsonObject{{server.hostPort(), u"rdtest"_s}}}}));
        helperConfig.close();
        const QByteArray savedPath = qgetenv("PATH");
        qputenv("PATH", QByteArray(home.path().toUtf8() + ':' + savedPath));
        qputenv("DOCKER_CONFIG", home.path().toUtf8());
        RemoteRegistry viaHelper = client(server, u"docker-config"_s);
        auto helperTags = viaHelper.tags(Image);
        qputenv("PATH", savedPath);
        if (saved.isEmpty())
            qunsetenv("DOCKER_CONFIG");
        else
            qputenv("DOCKER_CONFIG", saved);
        QVERIFY2(helperTags, qPrintable(errorOf(helperTags)));
        QCOMPARE(*helperTags, QStringList{u"v1.2.0"_s});
    }

    void tokenAuth()
    {
        RegistryServer server(RegistryServer::Options{.auth = RegistryServer::Auth::Token});
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        push(server, Image, {u"v1.2.0"_s, u"staging"_s, u"v1.3.0"_s, u"qa"_s});

        useCredentials(server.options().user, server.options().password);
        RemoteRegistry registry = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));
        const qsizetype before = server.tokenScopes().size();
        readAndRetag(server, registry);
        if (QTest::currentTestFailed())
            return;
        // a pull token first, then — when the PUT was refused — one widened to push; cached
        // tokens are reused (not one token per request)
        const QStringList asked = server.tokenScopes().mid(before);
        QVERIFY2(asked.contains(u"repository:rd/api:pull"_s), qPrintable(asked.join(u" | "_s)));
        QVERIFY2(asked.contains(u"repository:rd/api:pull,push"_s), qPrintable(asked.join(u" | "_s)));
        QVERIFY2(asked.size() <= 8, qPrintable(asked.join(u" | "_s))); // skopeoDigest calls ask too

        useCredentials(server.options().user, u"wrong"_s);
        RemoteRegistry wrong = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));
        auto denied = wrong.tags(Image);
        QVERIFY(!denied);
        QVERIFY2(denied.error().message.contains(u"refused the credentials of user 'releasedeck'"_s), qPrintable(denied.error().message));

        RemoteRegistry anonymous = client(server);
        auto needs = anonymous.tags(Image);
        QVERIFY(!needs);
        QVERIFY2(needs.error().message.contains(u"requires credentials"_s), qPrintable(needs.error().message));
    }

    void pushAndMountByClient()
    {
        RegistryServer server(RegistryServer::Options{.auth = RegistryServer::Auth::Token});
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        useCredentials(server.options().user, server.options().password);
        RemoteRegistry registry = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));

        const QByteArray layer = makeTar({{u"app/VERSION"_s, "9.0.0"}}, 0);
        const QByteArray config = compact({{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s},
                                           {u"config"_s, QJsonObject{{u"Labels"_s, QJsonObject{{u"org.opencontainers.image.version"_s, u"9.0.0"_s}}}}},
                                           {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{sha256(layer)}}}}});
        const QByteArray manifest = compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciManifest},
                                             {u"config"_s, QJsonObject{{u"mediaType"_s, MediaType::OciConfig}, {u"digest"_s, sha256(config)}, {u"size"_s, config.size()}}},
                                             {u"layers"_s, QJsonArray{QJsonObject{{u"mediaType"_s, MediaType::OciLayerTar}, {u"digest"_s, sha256(layer)}, {u"size"_s, layer.size()}}}}});
        for (const QByteArray &blob : {layer, config, layer}) { // the second layer push finds it there
            auto pushed = registry.pushBlob(u"rd/pushed"_s, blob);
            QVERIFY2(pushed, qPrintable(errorOf(pushed)));
            QCOMPARE(*pushed, sha256(blob));
        }
        auto digest = registry.putManifest(u"rd/pushed"_s, u"v9.0.0"_s, manifest, MediaType::OciManifest);
        QVERIFY2(digest, qPrintable(errorOf(digest)));
        QCOMPARE(*digest, sha256(manifest));
        QCOMPARE(skopeoDigest(server, u"rd/pushed"_s, u"v9.0.0"_s), *digest);

        // copy to another repository by mounting the blobs: the token asked for covers both
        const qsizetype before = server.tokenScopes().size();
        for (const QByteArray &blob : {layer, config}) {
            auto mounted = registry.pushBlob(u"rd/copy"_s, blob, u"rd/pushed"_s);
            QVERIFY2(mounted, qPrintable(errorOf(mounted)));
        }
        QVERIFY2(server.tokenScopes().mid(before).contains(u"repository:rd/copy:pull,push repository:rd/pushed:pull"_s),
                 qPrintable(server.tokenScopes().join(u" | "_s)));
        auto copied = registry.putManifest(u"rd/copy"_s, u"v9.0.0"_s, manifest, MediaType::OciManifest);
        QVERIFY2(copied, qPrintable(errorOf(copied)));
        QCOMPARE(skopeoDigest(server, u"rd/copy"_s, u"v9.0.0"_s), *digest);
        auto read = registry.imageConfig(u"rd/copy"_s, *digest);
        QVERIFY2(read, qPrintable(errorOf(read)));
        QCOMPARE(read->version(), u"9.0.0"_s);

        auto bad = registry.putManifest(u"rd/copy"_s, u"bad tag"_s, manifest, MediaType::OciManifest);
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(u"not a valid tag"_s), qPrintable(bad.error().message));
    }

    void registryKilledMidOperation()
    {
        RegistryServer server(RegistryServer::Options{.auth = RegistryServer::Auth::Token});
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        push(server, Image, {u"staging"_s});
        useCredentials(server.options().user, server.options().password);
        RemoteRegistry registry = client(server, u"env:"_s + QString::fromLatin1(CredentialsVariable));
        auto staging = registry.resolveTag(Image, u"staging"_s);
        QVERIFY2(staging, qPrintable(errorOf(staging)));

        // The retag has read the manifest and asks for a push token: the registry dies right
        // then, before the PUT.
        server.setBeforeToken([&server](const QString &scope) {
            if (scope.contains(u"push"_s))
                server.kill();
        });
        QElapsedTimer clock;
        clock.start();
        auto retag = registry.retag(Image, u"staging"_s, u"prod"_s, *staging);
        QVERIFY(!retag);
        QVERIFY2(retag.error().message.contains(u"cannot reach registry 'test'"_s), qPrintable(retag.error().message));
        QVERIFY2(clock.elapsed() < 15'000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!server.isRunning());

        // and every later call fails the same clear way, without hanging
        clock.restart();
        auto tags = registry.tags(Image);
        QVERIFY(!tags);
        QVERIFY2(tags.error().message.contains(u"cannot reach registry 'test'"_s), qPrintable(tags.error().message));
        const QList<rd::Result<QString>> batch = registry.resolveTags(Image, {u"staging"_s, u"prod"_s, u"qa"_s});
        QCOMPARE(batch.size(), 3);
        for (const auto &digest : batch)
            QVERIFY(!digest && digest.error().message.contains(u"cannot reach registry 'test'"_s));
        QVERIFY(clock.elapsed() < 15'000);
    }

    void cliListAgainstRegistry()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        push(server, Image, {u"v1.2.0"_s, u"staging"_s, u"v1.3.0"_s, u"qa"_s});
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString workspace = dir.filePath(u"releasedeck.yaml"_s);
        QFile file(workspace);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(u"version: 1\nname: remote\nregistries:\n  local: {url: \"%1\", insecure: true}\n"
                   u"artifacts:\n  - {name: api, registry: local, image: rd/api}\n"
                   u"environments:\n  - {name: qa}\n  - {name: staging}\n  - {name: prod}\n"_s.arg(server.url())
                       .toUtf8());
        file.close();

        const Run run = runProgram(rd::test::binaryPath(u"releasedeck-cli"_s), {u"-w"_s, workspace, u"list"_s, u"--json"_s});
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
        const QJsonObject list = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(list.value(u"environments"_s).toArray(), (QJsonArray{u"qa"_s, u"staging"_s, u"prod"_s}));
        const QJsonObject cells = list.value(u"artifacts"_s).toArray().first().toObject().value(u"cells"_s).toObject();
        const QJsonObject staging = cells.value(u"staging"_s).toObject();
        QCOMPARE(staging.value(u"version"_s).toString(), u"v1.2.0"_s);
        QCOMPARE(staging.value(u"digest"_s).toString(), skopeoDigest(server, Image, u"staging"_s));
        QCOMPARE(staging.value(u"commit"_s).toString(), Revision12);
        const QJsonObject qa = cells.value(u"qa"_s).toObject();
        QCOMPARE(qa.value(u"version"_s).toString(), u"v1.3.0"_s);
        QCOMPARE(qa.value(u"commit"_s).toString(), Revision13);
        QVERIFY(cells.value(u"prod"_s).isNull());
    }

    // --- faults from FakeServer (a real registry does not produce these on demand) ---

    void serverError500IsRetriedThenReported()
    {
        FakeServer fake([](const FakeRequest &) {
            return httpResponse(500, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"disk on fire\"}]}", {{"Content-Type", "application/json"}});
        });
        QVERIFY(fake.isListening());
        RemoteRegistry registry(u"fake"_s, QUrl(fake.url()), u"none"_s, fastOptions());
        auto tags = registry.tags(Image);
        QVERIFY(!tags);
        QVERIFY2(tags.error().message.contains(u"registry 'fake' answered 500 to GET /v2/rd/api/tags/list"_s), qPrintable(tags.error().message));
        QVERIFY2(tags.error().message.contains(u"disk on fire"_s), qPrintable(tags.error().message));
        QCOMPARE(fake.requests.size(), 3); // idempotent: retried, bounded
    }

    void hostileAnswers_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QString>("message");
        QTest::newRow("garbage JSON") << httpResponse(200, "{\"tags\": [\"a\",") << u"is not valid JSON"_s;
        QTest::newRow("not an object") << httpResponse(200, "[1,2]") << u"is not a JSON object"_s;
        QTest::newRow("tags not a list") << httpResponse(200, "{\"tags\": \"v1\"}") << u"has no 'tags' array"_s;
        QTest::newRow("invalid tag") << httpResponse(200, "{\"tags\": [\"ok\", \"../../etc\"]}") << u"which is not a valid OCI tag"_s;
        QTest::newRow("oversized, announced") << httpResponse(200, QByteArray(70'000, ' ') + "{}")
                                              << u"with more than 65536 bytes"_s;
        QTest::newRow("oversized, unannounced") << httpResponse(200, QByteArray(2'000'000, ' ') + "{}", {}, false)
                                                << u"with more than 65536 bytes"_s;
        QTest::newRow("hostile challenge") << httpResponse(401, {}, {{"WWW-Authenticate", "Bearer realm=\"file:///etc/passwd\",scope=\"x\""}})
                                           << u"which is not an http(s) URL"_s;
        QTest::newRow("no challenge") << httpResponse(401, {}) << u"no usable WWW-Authenticate challenge"_s;
        QTest::newRow("link elsewhere") << httpResponse(200, "{\"tags\": [\"a\"]}", {{"Link", "<http://evil.example/v2/rd/api/tags/list?last=a>; rel=\"next\""}})
                                        << u"sent a tag page link to another place"_s;
    }

    void hostileAnswers()
    {
        QFETCH(QByteArray, response);
        QFETCH(QString, message);
        FakeServer fake([&response](const FakeRequest &) { return response; });
        QVERIFY(fake.isListening());
        RemoteRegistry::Options options = fastOptions();
        options.maxMetadataSize = 65'536;
        RemoteRegistry registry(u"fake"_s, QUrl(fake.url()), u"none"_s, options);
        auto tags = registry.tags(Image);
        QVERIFY(!tags);
        QVERIFY2(tags.error().message.contains(message), qPrintable(tags.error().message));
    }

    void silentServerTimesOut()
    {
        FakeServer fake([](const FakeRequest &) { return QByteArray(); });
        QVERIFY(fake.isListening());
        RemoteRegistry::Options options = fastOptions();
        options.transferTimeout = std::chrono::milliseconds(300);
        options.requestTimeout = std::chrono::milliseconds(1'000);
        options.attempts = 2;
        RemoteRegistry registry(u"fake"_s, QUrl(fake.url()), u"none"_s, options);
        QElapsedTimer clock;
        clock.start();
        auto digest = registry.resolveTag(Image, u"staging"_s);
        QVERIFY(!digest);
        QVERIFY2(digest.error().message.contains(u"did not answer HEAD /v2/rd/api/manifests/staging in time"_s), qPrintable(digest.error().message));
        QVERIFY2(clock.elapsed() < 5'000, qPrintable(QString::number(clock.elapsed())));
    }

    void tagPagesFollowLink()
    {
        // distribution 2.8 ignores n/last on tags/list; GHCR, Docker Hub and Harbor page it.
        FakeServer fake([](const FakeRequest &request) {
            if (request.target == "/v2/rd/api/tags/list")
                return httpResponse(200, "{\"name\":\"rd/api\",\"tags\":[\"v1\",\"v2\"]}",
                                    {{"Link", "</v2/rd/api/tags/list?last=v2&n=2>; rel=\"next\""}});
            if (request.target == "/v2/rd/api/tags/list?last=v2&n=2")
                return httpResponse(200, "{\"name\":\"rd/api\",\"tags\":[\"v3\"]}");
            return httpResponse(404, {});
        });
        QVERIFY(fake.isListening());
        RemoteRegistry registry(u"fake"_s, QUrl(fake.url()), u"none"_s, fastOptions());
        auto tags = registry.tags(Image);
        QVERIFY2(tags, qPrintable(errorOf(tags)));
        QCOMPARE(*tags, (QStringList{u"v1"_s, u"v2"_s, u"v3"_s}));
    }

    // Plain-http batch reads go over raw sockets; whatever they do not take (a chunked body)
    // is read again through QNetworkAccessManager, and servers closing every connection after
    // one answer still get every request answered.
    void plainFastPathFallsBackAndReconnects()
    {
        const QByteArray json = "{\"name\":\"rd/api\",\"tags\":[\"v1\",\"v2\",\"v3\"]}";
        FakeServer fake([&](const FakeRequest &request) -> QByteArray {
            if (request.target == "/v2/rd/api/tags/list")
                return "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                     + QByteArray::number(json.size(), 16) + "\r\n" + json + "\r\n0\r\n\r\n";
            if (request.method == "HEAD" && request.target.startsWith("/v2/rd/api/manifests/v")) {
                const QByteArray tag = request.target.mid(request.target.lastIndexOf('/') + 1);
                return httpResponse(200, {}, {{"Docker-Content-Digest", sha256(tag).toLatin1()}, {"Content-Length", "123"}}, false);
            }
            return httpResponse(404, {});
        });
        QVERIFY(fake.isListening());
        RemoteRegistry registry(u"fake"_s, QUrl(fake.url()), u"none"_s, fastOptions());
        auto tags = registry.tags(Image);
        QVERIFY2(tags, qPrintable(errorOf(tags)));
        QCOMPARE(*tags, (QStringList{u"v1"_s, u"v2"_s, u"v3"_s}));
        QCOMPARE(fake.requests.size(), 2); // the quick read, then QNetworkAccessManager's

        QStringList many;
        for (int i = 0; i < 20; ++i)
            many.append(u"v%1"_s.arg(i));
        const QList<rd::Result<QString>> digests = registry.resolveTags(Image, many);
        QCOMPARE(digests.size(), many.size());
        for (qsizetype i = 0; i < many.size(); ++i) {
            QVERIFY2(digests[i], qPrintable(many[i]));
            QCOMPARE(*digests[i], sha256(many[i].toLatin1()));
        }
    }

    void redirectElsewhereCarriesNoCredentials()
    {
        // A blob GET answered with a redirect to storage on another host (as S3-backed
        // registries do): the Authorization header must not follow it.
        const QByteArray config = compact({{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s},
                                           {u"config"_s, QJsonObject{{u"Labels"_s, QJsonObject{{u"org.opencontainers.image.revision"_s, Revision12}}}}}});
        const QString configDigest = sha256(config);
        const QByteArray manifest = compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciManifest},
                                             {u"config"_s, QJsonObject{{u"mediaType"_s, MediaType::OciConfig}, {u"digest"_s, configDigest}, {u"size"_s, config.size()}}},
                                             {u"layers"_s, QJsonArray{}}});
        const QString manifestDigest = sha256(manifest);

        const auto serveConfig = [&config](const FakeRequest &) { return httpResponse(200, config, {{"Content-Type", "application/octet-stream"}}); };
        auto storagePointer = std::make_unique<FakeServer>(serveConfig, QHostAddress(u"127.0.0.2"_s));
        if (!storagePointer->isListening()) // where only 127.0.0.1 exists, another port is another origin too
            storagePointer = std::make_unique<FakeServer>(serveConfig);
        FakeServer &storage = *storagePointer;
        QVERIFY(storage.isListening());
        const QByteArray expected = "Basic " + QByteArray("releasedeck:s3cret").toBase64();
        FakeServer registryFake([&](const FakeRequest &request) {
            if (request.headers.value("authorization") != expected)
                return httpResponse(401, {}, {{"WWW-Authenticate", "Basic realm=\"fake\""}});
            if (request.target == "/v2/rd/api/manifests/" + manifestDigest.toLatin1())
                return httpResponse(200, manifest, {{"Content-Type", MediaType::OciManifest.toLatin1()}});
            if (request.target == "/v2/rd/api/blobs/" + configDigest.toLatin1())
                return httpResponse(307, {}, {{"Location", (storage.url() + u"/blobs/config?signature=abc"_s).toLatin1()}});
            return httpResponse(404, {});
        });
        QVERIFY(registryFake.isListening());
        useCredentials(u"releasedeck"_s, u"s3cret"_s);
        RemoteRegistry registry(u"fake"_s, QUrl(registryFake.url()), u"env:"_s + QString::fromLatin1(CredentialsVariable), fastOptions());
        auto imageConfig = registry.imageConfig(Image, manifestDigest);
        QVERIFY2(imageConfig, qPrintable(errorOf(imageConfig)));
        QCOMPARE(imageConfig->revision(), Revision12);

        QVERIFY(!storage.requests.isEmpty());
        for (const FakeRequest &request : std::as_const(storage.requests))
            QVERIFY2(!request.headers.contains("authorization"), request.headers.value("authorization").constData());
        // and the registry itself did get the credentials
        QVERIFY(std::any_of(registryFake.requests.cbegin(), registryFake.requests.cend(),
                            [&](const FakeRequest &r) { return r.headers.value("authorization") == expected; }));
    }

    void challengeParsing_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("realm");
        QTest::addColumn<QString>("scope");
        QTest::newRow("bearer") << QByteArray("Bearer realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:a/b:pull,push\"")
                                << 1 << u"https://auth.example/token"_s << u"repository:a/b:pull,push"_s;
        QTest::newRow("basic") << QByteArray("Basic realm=\"Registry Realm\"") << 1 << u"Registry Realm"_s << QString();
        QTest::newRow("two challenges") << QByteArray("Basic realm=\"a\", Bearer realm=\"https://t/x\",scope=\"s\"") << 2 << u"a"_s << QString();
        QTest::newRow("escaped quote") << QByteArray("Bearer realm=\"https://t/\\\"x\\\"\"") << 1 << u"https://t/\"x\""_s << QString();
        QTest::newRow("unterminated") << QByteArray("Bearer realm=\"https://t/x") << 1 << QString() << QString();
        QTest::newRow("garbage") << QByteArray("\x01\x02===,,,\"") << 0 << QString() << QString();
        QTest::newRow("huge") << QByteArray("Bearer realm=\"" + QByteArray(100'000, 'a') + "\"") << 0 << QString() << QString();
        QTest::newRow("many params") << QByteArray("Bearer " + QByteArray("a=b,").repeated(1000)) << 1 << QString() << QString();
    }

    void challengeParsing()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, count);
        QFETCH(QString, realm);
        QFETCH(QString, scope);
        const QList<AuthChallenge> challenges = parseAuthChallenges(header);
        QCOMPARE(challenges.size(), count);
        if (count > 0) {
            QCOMPARE(challenges.first().realm(), realm);
            QCOMPARE(challenges.first().scope(), scope);
        }
    }
};

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "tst_registryclient.moc"
