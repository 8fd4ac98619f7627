/**
 * The repository on disk: {@link io.cairn.storage.repo.Repo} owns the directory layout (config, identity key,
 * version, lock, blocks folder), creating, opening and locking it; {@link io.cairn.storage.repo.RepoConfig} is the
 * JSON config with Kubo's sections and {@code ipfs config}'s get/set rules. The block database inside
 * {@code blocks/} belongs to {@code io.cairn.storage.rocks}. See {@code docs/storage-design.md}.
 *
 * <p>Errors: a repository that cannot be used is a {@link io.cairn.storage.repo.RepoException} (an
 * {@link java.io.IOException}); a config key or value the user gave that the config cannot take is a
 * {@link io.cairn.storage.repo.ConfigException} (a {@link io.cairn.core.FormatException}).
 */
package io.cairn.storage.repo;
