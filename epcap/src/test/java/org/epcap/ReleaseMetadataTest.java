package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What Maven Central asks of a published module, read from the poms themselves: the licence
 * (Apache-2.0, with its text at the root), url, scm and developers; a name, a description and a
 * module name per module; and a BOM at the reactor's version that names every published module.
 */
class ReleaseMetadataTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    /** Modules that are programs about the library, not part of it. */
    private static final Set<String> UNPUBLISHED = Set.of("bench");

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the direct child {@code name} of {@code e}, or "" when there is none. */
    private static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) return c.getTextContent().trim();
        }
        return "";
    }

    private static List<String> modules(Document parent) {
        List<String> out = new ArrayList<>();
        var list = parent.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) out.add(list.item(i).getTextContent().trim());
        return out;
    }

    @Test
    void parentCarriesLicenceAndCoordinates() throws Exception {
        Element p = pom(ROOT.resolve("pom.xml")).getDocumentElement();
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License\n                           Version 2.0"));
        assertEquals("Apache-2.0", child((Element) p.getElementsByTagName("license").item(0), "name"));
        for (String field : List.of("url", "description", "name")) assertFalse(child(p, field).isEmpty(), field);
        Element scm = (Element) p.getElementsByTagName("scm").item(0);
        for (String field : List.of("connection", "developerConnection", "url")) {
            assertFalse(child(scm, field).isEmpty(), "scm " + field);
        }
        assertFalse(child((Element) p.getElementsByTagName("developer").item(0), "name").isEmpty());
    }

    @Test
    void everyModuleIsNamedAndTheBomListsThePublishedOnes() throws Exception {
        Document parent = pom(ROOT.resolve("pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        Element bom = pom(ROOT.resolve("bom/pom.xml")).getDocumentElement();
        assertEquals(version, child(bom, "version"), "the BOM moves with the reactor's version");
        Set<String> listed = new TreeSet<>();
        var deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) listed.add(child((Element) deps.item(i), "artifactId"));
        Set<String> published = new TreeSet<>();
        for (String module : modules(parent)) {
            if (module.equals("bom")) continue;
            Element m = pom(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            String artifact = child(m, "artifactId");
            assertFalse(child(m, "name").isEmpty(), module + " has a name");
            assertFalse(child(m, "description").isEmpty(), module + " has a description");
            Element props = (Element) m.getElementsByTagName("properties").item(0);
            assertTrue(props != null && child(props, "module.name").startsWith("org.epcap"),
                    module + " sets module.name (its Automatic-Module-Name)");
            if (!UNPUBLISHED.contains(module)) published.add(artifact);
        }
        assertEquals(published, listed, "the BOM names every published module");
    }
}
