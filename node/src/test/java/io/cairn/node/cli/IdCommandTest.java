package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PublicKey;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheRepositoryIdentityAsKuboDoesOffline() throws Exception {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        String init = cairn.ok("init");
        String out = cairn.ok("id");
        JsonNode id = new ObjectMapper().readTree(out);
        PeerId peer = PeerId.parse(id.get("ID").asText());
        assertTrue(init.contains(peer.toString()), init);
        PublicKey key = PublicKey.fromProtobuf(Base64.getDecoder().decode(id.get("PublicKey").asText()));
        assertEquals(peer, key.peerId());
        assertTrue(id.get("Addresses").isNull());
        assertTrue(id.get("Protocols").isNull());
        assertTrue(id.get("AgentVersion").asText().startsWith("cairn/"));
        // Go's MarshalIndent layout: tab indentation, "key": value
        assertTrue(out.startsWith("{\n\t\"ID\": \"12D3KooW"), out);
        assertEquals(peer + "\n", cairn.ok("id", "-f", "<id>\\n"));
    }
}
