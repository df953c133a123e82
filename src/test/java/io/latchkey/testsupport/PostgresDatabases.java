package io.latchkey.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Databases of their own on the test PostgreSQL server (127.0.0.1:5432, user postgres, trust), for tests
 * that start instances beside the shared test deployment: instances registered in another database (the
 * shared deployment's, another test's) must not be seen as members of theirs.
 */
public final class PostgresDatabases {

    private PostgresDatabases() {
    }

    /** Drops {@code name} if it exists and creates it empty. */
    public static void fresh(String name) throws SQLException {
        drop(name);
        execute("CREATE DATABASE " + name);
    }

    /** Drops {@code name}, ending every session connected to it. */
    public static void drop(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) throws SQLException {
        execute("postgres", sql);
    }

    /** Runs {@code sql} in {@code database} as the superuser (for tests that make the database misbehave). */
    public static void execute(String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
