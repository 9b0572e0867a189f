// SPDX-License-Identifier: GPL-3.0-or-later
// libsecret and glib come first: their headers use names (`signals`) that Qt's keywords would
// turn into macros. QT_NO_KEYWORDS is on, so either order compiles; this one stays safe if
// that ever changes.
#include <libsecret/secret.h>

#include "secrets/keyring.h"

#include <QFile>
#include <QFileInfo>
#include <QtEnvironmentVariables>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

using namespace Qt::StringLiterals;

namespace rd::secrets {

namespace {

// ---- RAII for everything glib hands over ------------------------------------------------

struct GErrorDeleter
{
    void operator()(GError *error) const { g_error_free(error); }
};
// Receives a GError through out() and frees it when it goes.
class GErrorSlot
{
public:
    GError **out() { return &m_error; }
    const GError *get() const { return m_error; }
    explicit operator bool() const { return m_error != nullptr; }
    ~GErrorSlot()
    {
        if (m_error)
            g_error_free(m_error);
    }

private:
    GError *m_error = nullptr;
};

struct GObjectDeleter
{
    void operator()(gpointer object) const { g_object_unref(object); }
};
template<typename T>
using GObjectPtr = std::unique_ptr<T, GObjectDeleter>;

struct SecretValueDeleter
{
    // Secret values live in libsecret's non-pageable memory, which is wiped when freed.
    void operator()(SecretValue *value) const { secret_value_unref(value); }
};
using SecretValuePtr = std::unique_ptr<SecretValue, SecretValueDeleter>;

struct HashTableDeleter
{
    void operator()(GHashTable *table) const { g_hash_table_unref(table); }
};
using HashTablePtr = std::unique_ptr<GHashTable, HashTableDeleter>;

// A GList of SecretItem references (what secret_service_search_sync returns).
struct ItemListDeleter
{
    void operator()(GList *list) const { g_list_free_full(list, g_object_unref); }
};
using ItemListPtr = std::unique_ptr<GList, ItemListDeleter>;

struct MainContextDeleter
{
    void operator()(GMainContext *context) const { g_main_context_unref(context); }
};
using MainContextPtr = std::unique_ptr<GMainContext, MainContextDeleter>;

// Makes `context` the worker thread's default for as long as it lives, so every source libsecret
// and GDBus attach belongs to this call and to no other thread's loop.
class ThreadDefaultContext
{
public:
    ThreadDefaultContext()
        : m_context(g_main_context_new())
    {
        g_main_context_push_thread_default(m_context.get());
    }
    ~ThreadDefaultContext() { g_main_context_pop_thread_default(m_context.get()); }
    ThreadDefaultContext(const ThreadDefaultContext &) = delete;
    ThreadDefaultContext &operator=(const ThreadDefaultContext &) = delete;

private:
    MainContextPtr m_context;
};

// ---- bounded time ------------------------------------------------------------------------

std::mutex timeoutsMutex;
KeyringTimeouts currentTimeouts;

using Clock = std::chrono::steady_clock;

// What a worker and the caller waiting for it share. The worker can outlive the caller (after a
// timeout), so everything lives here, held by both.
template<typename T>
struct Call
{
    std::mutex mutex;
    std::condition_variable changed;
    bool done = false;
    std::optional<Result<T>> result;
    Clock::time_point deadline;
    bool prompting = false; // the deadline is the prompt's, not the bus's
    GObjectPtr<GCancellable> cancellable{g_cancellable_new()};

    // The keyring is showing its unlock prompt: a person gets the prompt's time to answer.
    void startPrompt(std::chrono::milliseconds promptTime)
    {
        std::lock_guard lock(mutex);
        deadline = Clock::now() + promptTime;
        prompting = true;
    }
};

// Runs `work(call)` on a thread of its own and waits at most the call's deadline. A keyring
// that does not answer leaves the worker blocked inside glib, not the caller: the worker is
// cancelled and finishes on its own whenever glib lets it.
template<typename T, typename Work>
Result<T> runBounded(Work work)
{
    const KeyringTimeouts timeouts = keyringTimeouts();
    auto call = std::make_shared<Call<T>>();
    call->deadline = Clock::now() + timeouts.answer;
    std::thread([call, work = std::move(work)] {
        Result<T> result = [&] {
            ThreadDefaultContext context;
            return work(*call);
        }();
        std::lock_guard lock(call->mutex);
        call->result.emplace(std::move(result));
        call->done = true;
        call->changed.notify_all();
    }).detach();

    std::unique_lock lock(call->mutex);
    while (!call->done) {
        const Clock::time_point deadline = call->deadline;
        if (call->changed.wait_until(lock, deadline) == std::cv_status::timeout && !call->done
            && call->deadline == deadline) {
            g_cancellable_cancel(call->cancellable.get());
            const auto limit = call->prompting ? timeouts.prompt : timeouts.answer;
            const QString seconds = QString::number(std::chrono::duration<double>(limit).count(), 'g', 3);
            if (call->prompting)
                return fail(Error::Domain::Config,
                            u"the desktop keyring is locked and its unlock prompt was not answered within %1 s"_s.arg(seconds));
            return fail(Error::Domain::Config,
                        u"the desktop keyring (Secret Service on the D-Bus session bus) did not answer within %1 s"_s
                            .arg(seconds));
        }
    }
    return std::move(*call->result);
}

// ---- talking to the Secret Service -------------------------------------------------------

constexpr auto SecretServiceName = "org.freedesktop.secrets";
constexpr auto ApplicationAttribute = "application";
constexpr auto ApplicationValue = "releasedeck";
constexpr auto NameAttribute = "name";

QString glibMessage(const GError *error)
{
    return QString::fromUtf8(error ? error->message : "unknown error").left(300);
}

bool isRemoteError(const GError *error, const char *name)
{
    if (!error || !g_dbus_error_is_remote_error(error))
        return false;
    gchar *remote = g_dbus_error_get_remote_error(error);
    const bool same = remote && qstrcmp(remote, name) == 0;
    g_free(remote);
    return same;
}

bool isNoService(const GError *error)
{
    return g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
        || g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
        || isRemoteError(error, "org.freedesktop.DBus.Error.ServiceUnknown")
        || isRemoteError(error, "org.freedesktop.DBus.Error.NameHasNoOwner");
}

std::unexpected<Error> keyringFailure(const GError *error, const QString &doing)
{
    if (isNoService(error))
        return fail(Error::Domain::Config,
                    u"no Secret Service (such as gnome-keyring or KeePassXC) is running on the D-Bus session bus, so the desktop keyring cannot %1"_s
                        .arg(doing));
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CLOSED) || g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED)
        || g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY))
        return fail(Error::Domain::Config,
                    u"the desktop keyring stopped answering while trying to %1: %2"_s.arg(doing, glibMessage(error)));
    if (g_error_matches(error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return fail(Error::Domain::Config,
                    u"the desktop keyring is locked and was not unlocked (the unlock prompt was dismissed), so it cannot %1"_s
                        .arg(doing));
    return fail(Error::Domain::Config, u"the desktop keyring cannot %1: %2"_s.arg(doing, glibMessage(error)));
}

// The session bus: $DBUS_SESSION_BUS_ADDRESS, else the systemd user bus socket. Never
// autolaunched: starting a bus behind the user's back would only hide the real problem.
Result<QByteArray> sessionBusAddress()
{
    const QByteArray address = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    if (!address.isEmpty())
        return address;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QFileInfo(runtime + u"/bus"_s).exists()) {
        gchar *escaped = g_dbus_address_escape_value(QFile::encodeName(runtime + u"/bus"_s).constData());
        QByteArray result = QByteArray("unix:path=") + escaped;
        g_free(escaped);
        return result;
    }
    return fail(Error::Domain::Config,
                u"there is no D-Bus session bus to reach the desktop keyring on (DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist)"_s);
}

// The session bus connection and a Secret Service proxy on it, with a session for
// transferring secrets (encrypted when the service offers it). libsecret's proxies always use
// glib's shared session-bus connection; ReleaseDeck holds that connection for the length of one
// call, so that when nobody holds it, the next call connects again (to whatever
// DBUS_SESSION_BUS_ADDRESS says then), and tells it not to end the process when the bus goes
// away (glib's default for the shared connection).
struct Service
{
    GObjectPtr<GDBusConnection> connection;
    GObjectPtr<SecretService> service;
};

Result<Service> openService(GCancellable *cancellable, const QString &doing)
{
    auto address = sessionBusAddress();
    if (!address)
        return std::unexpected(address.error());
    Service result;
    GErrorSlot error;
    result.connection.reset(g_bus_get_sync(G_BUS_TYPE_SESSION, cancellable, error.out()));
    if (!result.connection)
        return fail(Error::Domain::Config,
                    u"cannot reach the D-Bus session bus at %1 to use the desktop keyring: %2"_s
                        .arg(QString::fromUtf8(address->left(200)), glibMessage(error.get())));
    g_dbus_connection_set_exit_on_close(result.connection.get(), FALSE);
    if (g_dbus_connection_is_closed(result.connection.get()))
        return fail(Error::Domain::Config, u"the D-Bus session bus at %1 closed the connection"_s.arg(QString::fromUtf8(address->left(200))));

    result.service.reset(secret_service_open_sync(SECRET_TYPE_SERVICE, nullptr, SECRET_SERVICE_OPEN_SESSION,
                                                  cancellable, error.out()));
    if (!result.service)
        return keyringFailure(error.get(), doing);
    return result;
}

// The attributes that identify entry `name`; the table borrows `name`'s bytes.
HashTablePtr attributesFor(const QByteArray &name)
{
    HashTablePtr table(g_hash_table_new(g_str_hash, g_str_equal));
    g_hash_table_insert(table.get(), const_cast<char *>(ApplicationAttribute), const_cast<char *>(ApplicationValue));
    g_hash_table_insert(table.get(), const_cast<char *>(NameAttribute), const_cast<char *>(name.constData()));
    return table;
}

QString storeHint(const QString &name)
{
    return u"releasedeck-cli secret set %1, or secret-tool store --label='ReleaseDeck %1' application releasedeck name %1"_s.arg(name);
}

std::unexpected<Error> invalidName(const QString &name)
{
    return fail(Error::Domain::Usage,
                u"'%1' is not a keyring entry name (letters, digits and ._-@/:+, starting with a letter or digit, at most 256)"_s
                    .arg(name.left(300)));
}

} // namespace

bool isValidKeyringName(QStringView name)
{
    if (name.isEmpty() || name.size() > 256 || !name.front().isLetterOrNumber() || name.front().unicode() > 127)
        return false;
    for (const QChar c : name) {
        const bool ascii = c.unicode() < 128;
        if (!(ascii && (c.isLetterOrNumber() || QStringView(u"._-@/:+").contains(c))))
            return false;
    }
    return true;
}

KeyringTimeouts keyringTimeouts()
{
    std::lock_guard lock(timeoutsMutex);
    return currentTimeouts;
}

void setKeyringTimeouts(const KeyringTimeouts &timeouts)
{
    std::lock_guard lock(timeoutsMutex);
    currentTimeouts = timeouts;
}

Result<QByteArray> readKeyringSecret(const QString &name)
{
    if (!isValidKeyringName(name))
        return invalidName(name);
    const std::chrono::milliseconds promptTime = keyringTimeouts().prompt;
    return runBounded<QByteArray>([name, promptTime](Call<QByteArray> &call) -> Result<QByteArray> {
        GCancellable *cancellable = call.cancellable.get();
        const QString doing = u"read the entry %1"_s.arg(name);
        auto service = openService(cancellable, doing);
        if (!service)
            return std::unexpected(service.error());
        const QByteArray utf8Name = name.toUtf8();
        HashTablePtr attributes = attributesFor(utf8Name);
        GErrorSlot error;
        ItemListPtr items(secret_service_search_sync(service->service.get(), nullptr, attributes.get(),
                                                     SECRET_SEARCH_ALL, cancellable, error.out()));
        if (error)
            return keyringFailure(error.get(), doing);
        if (!items)
            return fail(Error::Domain::Config,
                        u"the desktop keyring has no entry %1 (attributes application=releasedeck name=%1); create it with %2"_s
                            .arg(name, storeHint(name)));

        // Prefer an entry that is already unlocked; otherwise ask the keyring to unlock one.
        SecretItem *chosen = nullptr;
        for (GList *it = items.get(); it; it = it->next) {
            if (!secret_item_get_locked(SECRET_ITEM(it->data))) {
                chosen = SECRET_ITEM(it->data);
                break;
            }
        }
        ItemListPtr unlocked;
        if (!chosen) {
            call.startPrompt(promptTime);
            GList *first = g_list_append(nullptr, items->data);
            GList *unlockedRaw = nullptr;
            secret_service_unlock_sync(service->service.get(), first, cancellable, &unlockedRaw, error.out());
            g_list_free(first);
            // the unlocked list holds D-Bus objects (items or collections), each a reference
            unlocked.reset(unlockedRaw);
            if (error)
                return keyringFailure(error.get(), doing);
            // Property changes arrive on this thread's context later; the answer is the list.
            if (!unlocked)
                return fail(Error::Domain::Config,
                            u"the desktop keyring holding the entry %1 is locked and was not unlocked (the unlock prompt was dismissed)"_s
                                .arg(name));
            chosen = SECRET_ITEM(items->data);
        }

        if (!secret_item_load_secret_sync(chosen, cancellable, error.out()))
            return keyringFailure(error.get(), doing);
        SecretValuePtr value(secret_item_get_secret(chosen));
        gsize length = 0;
        const gchar *bytes = value ? secret_value_get(value.get(), &length) : nullptr;
        if (!bytes || length == 0)
            return fail(Error::Domain::Config, u"the desktop keyring's entry %1 is empty"_s.arg(name));
        if (length > gsize(MaxKeyringSecretSize))
            return fail(Error::Domain::Config,
                        u"the desktop keyring's entry %1 holds %2 bytes, more than the %3 KiB a secret may have"_s
                            .arg(name)
                            .arg(length)
                            .arg(MaxKeyringSecretSize / 1024));
        return QByteArray(bytes, qsizetype(length));
    });
}

Result<void> storeKeyringSecret(const QString &name, const QByteArray &secret)
{
    if (!isValidKeyringName(name))
        return invalidName(name);
    if (secret.isEmpty())
        return fail(Error::Domain::Usage, u"the secret for the keyring entry %1 is empty"_s.arg(name));
    if (secret.size() > MaxKeyringSecretSize)
        return fail(Error::Domain::Usage,
                    u"the secret for the keyring entry %1 is larger than %2 KiB"_s.arg(name).arg(MaxKeyringSecretSize / 1024));
    const std::chrono::milliseconds promptTime = keyringTimeouts().prompt;
    return runBounded<void>([name, secret, promptTime](Call<void> &call) -> Result<void> {
        GCancellable *cancellable = call.cancellable.get();
        const QString doing = u"store the entry %1"_s.arg(name);
        auto service = openService(cancellable, doing);
        if (!service)
            return std::unexpected(service.error());
        const QByteArray utf8Name = name.toUtf8();
        HashTablePtr attributes = attributesFor(utf8Name);
        const QByteArray label = (u"ReleaseDeck "_s + name).toUtf8();
        SecretValuePtr value(secret_value_new(secret.constData(), gssize(secret.size()), "text/plain"));
        // Storing into a locked (or not yet created) collection shows the keyring's prompt.
        call.startPrompt(promptTime);
        GErrorSlot error;
        if (!secret_service_store_sync(service->service.get(), nullptr, attributes.get(), SECRET_COLLECTION_DEFAULT,
                                       label.constData(), value.get(), cancellable, error.out()))
            return keyringFailure(error.get(), doing);
        return {};
    });
}

Result<bool> deleteKeyringSecret(const QString &name)
{
    if (!isValidKeyringName(name))
        return invalidName(name);
    const std::chrono::milliseconds promptTime = keyringTimeouts().prompt;
    return runBounded<bool>([name, promptTime](Call<bool> &call) -> Result<bool> {
        GCancellable *cancellable = call.cancellable.get();
        const QString doing = u"delete the entry %1"_s.arg(name);
        auto service = openService(cancellable, doing);
        if (!service)
            return std::unexpected(service.error());
        const QByteArray utf8Name = name.toUtf8();
        HashTablePtr attributes = attributesFor(utf8Name);
        call.startPrompt(promptTime);
        GErrorSlot error;
        const gboolean deleted = secret_service_clear_sync(service->service.get(), nullptr, attributes.get(),
                                                           cancellable, error.out());
        if (error)
            return keyringFailure(error.get(), doing);
        return deleted != FALSE;
    });
}

} // namespace rd::secrets
