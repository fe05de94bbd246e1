//! What a telnet connection negotiates, in raw bytes: the opening offers,
//! NAWS wrapping, the TTYPE/MTTS cycle deciding colour, CHARSET, GMCP and
//! MSSP.

use crate::support::telnet::*;
use crate::support::{TestServer, Transport};

/// The lines of `text` between CR LFs.
fn lines(text: &str) -> Vec<&str> {
    text.split("\r\n").collect()
}

#[tokio::test]
async fn the_server_offers_its_options_then_greets_with_the_world_and_asks_a_name() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    let offers = client.respond(&[]).await;
    for offer in [
        (DO, TTYPE),
        (DO, NAWS),
        (WILL, GMCP),
        (WILL, MSSP),
        (WILL, EOR),
        (WILL, CHARSET),
    ] {
        assert!(offers.contains(&offer), "{offer:?} is offered: {offers:?}");
    }
    let greeting = client.expect("Name: ").await;
    assert!(greeting.contains("The Test Keep\r\n"), "{greeting}");
    assert!(
        greeting.contains("Welcome to the Test Keep.\r\n"),
        "{greeting}"
    );
    // The prompt stays on its line and ends with IAC GA, the default mark.
    client
        .until("GA after the prompt", |transcript| {
            transcript.commands.contains(&GA)
        })
        .await;
    let raw = client.raw().to_vec();
    assert!(
        raw.windows(8).any(|window| window == b"Name: \xff\xf9"),
        "Name: then IAC GA"
    );
    assert!(!raw.contains(&0x1b), "no colour without a terminal type");
    test.stop().await;
}

#[tokio::test]
async fn naws_sets_the_width_lines_are_wrapped_to() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[NAWS]).await;
    client.send(&subnegotiation(NAWS, &[0, 30, 0, 24])).await;
    let greeting = client.expect("Name: ").await;
    let sentence = "Type your name to log in, or a new name to create a character.";
    assert!(!greeting.contains(sentence), "wrapped: {greeting}");
    assert!(
        greeting.replace("\r\n", " ").contains(sentence),
        "{greeting}"
    );
    for line in lines(&greeting) {
        assert!(line.chars().count() <= 30, "{line:?} fits 30 columns");
    }
    test.stop().await;
}

#[tokio::test]
async fn a_width_of_255_arrives_escaped_and_is_understood() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[NAWS]).await;
    // 255 is IAC and must be doubled inside the subnegotiation.
    client.send(&subnegotiation(NAWS, &[0, 255, 0, 24])).await;
    client.expect("Name: ").await;
    client.line("Someone-With-A-Name").await;
    let answer = client.expect("(yes/no) ").await;
    assert!(
        answer.contains("There is no character named Someone-With-A-Name.\r\n"),
        "one line at 255 columns: {answer}"
    );
    test.stop().await;
}

#[tokio::test]
async fn an_mtts_client_is_asked_for_three_names_and_gets_colour() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[TTYPE]).await;
    for (asked, name) in ["MUDLET", "ANSI-TRUECOLOR", "MTTS 2825"].iter().enumerate() {
        client
            .until("a TTYPE SEND", |transcript| sends(transcript) > asked)
            .await;
        let mut answer = vec![0];
        answer.extend_from_slice(name.as_bytes());
        client.send(&subnegotiation(TTYPE, &answer)).await;
    }
    let greeting = client.expect("Name: ").await;
    assert!(
        greeting.contains("\x1b[1;36mThe Test Keep\x1b[0m\r\n"),
        "the world's name in colour: {greeting:?}"
    );
    assert_eq!(sends(client.transcript()), 3, "no fourth SEND after MTTS");
    test.stop().await;
}

#[tokio::test]
async fn a_terminal_not_known_for_colour_gets_none() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[TTYPE]).await;
    for asked in 0..2 {
        client
            .until("a TTYPE SEND", |transcript| sends(transcript) > asked)
            .await;
        client.send(&subnegotiation(TTYPE, b"\0DUMB")).await;
    }
    client.expect("Name: ").await;
    assert_eq!(
        sends(client.transcript()),
        2,
        "a repeated name ends the cycle"
    );
    assert!(!client.raw().contains(&0x1b));
    test.stop().await;
}

/// TTYPE SEND requests so far.
fn sends(transcript: &Transcript) -> usize {
    transcript
        .subnegotiations
        .iter()
        .filter(|(option, body)| *option == TTYPE && body == &[1])
        .count()
}

#[tokio::test]
async fn a_charset_client_is_asked_to_switch_to_utf8() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[CHARSET]).await;
    let transcript = client
        .until("a CHARSET REQUEST", |transcript| {
            transcript
                .subnegotiations
                .iter()
                .any(|(option, _)| *option == CHARSET)
        })
        .await;
    let (_, request) = transcript
        .subnegotiations
        .iter()
        .find(|(option, _)| *option == CHARSET)
        .unwrap();
    assert_eq!(request, b"\x01;UTF-8");
    test.stop().await;
}

#[tokio::test]
async fn a_gmcp_client_gets_its_ping_answered() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[GMCP]).await;
    client.expect("Name: ").await;
    client
        .send(&subnegotiation(
            GMCP,
            b"Core.Hello {\"client\":\"Test\",\"version\":\"1\"}",
        ))
        .await;
    client.send(&subnegotiation(GMCP, b"Core.Ping")).await;
    let transcript = client
        .until("Core.Ping back", |transcript| {
            transcript
                .gmcp()
                .iter()
                .any(|(package, _)| package == "Core.Ping")
        })
        .await;
    assert_eq!(transcript.gmcp().len(), 1, "nothing else before login");
    test.stop().await;
}

#[tokio::test]
async fn mssp_tells_listing_sites_the_name_players_and_uptime() {
    let test = TestServer::start().await;
    // Players, not connections: Webby on two tabs, Telly over telnet.
    let token = test.account("Webby").await;
    let _tab = test.connect("Webby", &token, Transport::WebSocket).await;
    let _other_tab = test.connect("Webby", &token, Transport::Polling).await;
    let _telly = super::game::player(&test, "Telly").await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[MSSP]).await;
    let transcript = client
        .until("the MSSP status", |transcript| {
            transcript
                .subnegotiations
                .iter()
                .any(|(option, _)| *option == MSSP)
        })
        .await;
    let (_, body) = transcript
        .subnegotiations
        .iter()
        .find(|(option, _)| *option == MSSP)
        .unwrap();
    let variables = mssp_variables(body);
    assert_eq!(variables["NAME"], "The Test Keep");
    assert_eq!(variables["PLAYERS"], "2");
    let uptime: u64 = variables["UPTIME"].parse().expect("UPTIME is a time");
    assert!(
        uptime <= before && before - uptime < 600,
        "{uptime} is when it started"
    );
    assert_eq!(variables["PORT"], test.telnet().port().to_string());
    test.stop().await;
}

/// `MSSP_VAR name MSSP_VAL value ...` as a map.
fn mssp_variables(body: &[u8]) -> std::collections::HashMap<String, String> {
    body.split(|&byte| byte == 1)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut parts = pair.split(|&byte| byte == 2);
            let name = String::from_utf8_lossy(parts.next().unwrap()).into_owned();
            let value = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
            (name, value)
        })
        .collect()
}

#[tokio::test]
async fn a_crawler_without_telnet_asks_for_mssp_in_plain_text() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line("MSSP-REQUEST").await;
    let reply = client.expect("MSSP-REPLY-END").await;
    assert!(reply.contains("MSSP-REPLY-START\r\n"), "{reply}");
    assert!(reply.contains("NAME\tThe Test Keep\r\n"), "{reply}");
    assert!(reply.contains("PLAYERS\t0\r\n"), "{reply}");
    client.closed().await;
    test.stop().await;
}
