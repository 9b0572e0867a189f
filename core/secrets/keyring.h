// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <chrono>

// The desktop keyring, reached over the freedesktop Secret Service on the D-Bus session bus
// (gnome-keyring, KeePassXC, KWallet's Secret Service bridge…). A `keyring:NAME` reference
// names the item whose attributes are
//     application = releasedeck
//     name        = NAME
// so an entry can also be created without ReleaseDeck:
//     secret-tool store --label='ReleaseDeck NAME' application releasedeck name NAME
// Every call is bounded in time: a bus or keyring that does not answer is an error, never a
// hang. A locked keyring is unlocked through the keyring's own prompt; a prompt that is
// dismissed or not answered is an error.
namespace rd::secrets {

// Secrets beyond this size are refused: a keyring entry holds a password, a token or a key,
// never a file.
inline constexpr qsizetype MaxKeyringSecretSize = 64 * 1024;

struct KeyringTimeouts
{
    std::chrono::milliseconds answer{std::chrono::seconds(10)};  // the bus and the keyring daemon
    std::chrono::milliseconds prompt{std::chrono::minutes(2)};   // a person typing the unlock password
};

// NAME in `keyring:NAME`: ASCII letters, digits and ._-@/:+, starting with a letter or digit,
// at most 256 characters (the workspace loader checks the same grammar).
bool isValidKeyringName(QStringView name);

// Current limits (process-wide); tests shorten them.
KeyringTimeouts keyringTimeouts();
void setKeyringTimeouts(const KeyringTimeouts &timeouts);

// The secret of the entry NAME. Errors (one sentence, never the secret): no session bus, no
// Secret Service on it, keyring locked and not unlocked, entry missing, entry empty, entry
// larger than MaxKeyringSecretSize, no answer in time.
[[nodiscard]] Result<QByteArray> readKeyringSecret(const QString &name);

// Creates or replaces the entry NAME (label "ReleaseDeck NAME") in the default collection.
[[nodiscard]] Result<void> storeKeyringSecret(const QString &name, const QByteArray &secret);

// Deletes the entry NAME; false when there was none.
[[nodiscard]] Result<bool> deleteKeyringSecret(const QString &name);

} // namespace rd::secrets
