package io.latchkey.platform;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/** The server-provided data source, by the bare JNDI name the persistence unit also uses. */
public final class Database {

    public static final String JNDI_NAME = "jdbc/latchkey";

    private Database() {
    }

    public static DataSource dataSource() {
        try {
            return (DataSource) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException e) {
            throw new IllegalStateException("No data source at JNDI name " + JNDI_NAME
                    + "; define it on the server (see server-config/ and src/site/markdown/operations.md)", e);
        }
    }
}
