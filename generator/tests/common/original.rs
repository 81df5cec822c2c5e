//! The original site's catalog, as `aws dynamodb scan` prints it: legacy
//! value formats, ids that collide. `tests/legacy.rs` reads it row by row;
//! `tests/dynamo.rs` imports it into DynamoDB Local and builds it.

use serde_json::json;

pub const ASTA: &str = "a00000000000000a";
pub const BJORN: &str = "b00000000000000b";
/// An album id both artists hold an album item under.
pub const SHARED: &str = "alb0000000000001";
pub const OTHER_ALBUM: &str = "alb0000000000002";

/// The original's catalog, as `aws dynamodb scan` prints it.
pub fn scan() -> String {
    let url = |name: &str| {
        format!("https://s3-eu-west-1.amazonaws.com/trogs-content/art/asta-{ASTA}/{name}.mp3")
    };
    let items = vec![
        json!({
            "PK": {"S": ASTA}, "SK": {"S": ASTA},
            "AA_PK": {"S": "ARTISTS"}, "AA_SK": {"S": "Ásta"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "000"},
            "Owner": {"S": "auth0|5f0c"}, "NormalizedName": {"S": "asta"},
            "Bio": {"S": "From the north."}, "ImageURL": {"S": ""},
            "CreatedDate": {"S": "2020-04-01T10:00:00"}
        }),
        json!({
            "PK": {"S": ASTA}, "SK": {"S": SHARED},
            "AA_PK": {"S": SHARED}, "AA_SK": {"S": "000"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "200"},
            "AlbumTitle": {"S": "Hvítá"}, "ArtistName": {"S": "Ásta"},
            "ReleaseDate": {"S": "2019-03-22"}, "Description": {"S": "River songs."},
            "License": {"S": "by-nc-sa"},
            "ImageURL": {"S": format!("art/asta-{ASTA}/hvita-{SHARED}/cover.jpg")}
        }),
        json!({
            "PK": {"S": ASTA}, "SK": {"S": OTHER_ALBUM},
            "AA_PK": {"S": OTHER_ALBUM}, "AA_SK": {"S": "000"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "201"},
            "AlbumTitle": {"S": "Second"}, "ArtistName": {"S": "Ásta"},
            "License": {"S": "by"}, "ImageURL": {"S": ""}
        }),
        // Album tracks, first at 100. Not featured: Featured is false.
        json!({
            "PK": {"S": "trk0000000000001"}, "SK": {"S": "trk0000000000001"},
            "AA_PK": {"S": SHARED}, "AA_SK": {"S": "100"},
            "TrackTitle": {"S": "Glacier Song"}, "AudioURL": {"S": url("glacier")},
            "AlbumTitle": {"S": "Hvítá"}, "ArtistID": {"S": ASTA},
            "ArtistName": {"S": "Ásta"}, "License": {"S": "by-nc-sa"},
            "Featured": {"BOOL": false}
        }),
        // Featured only by its index entry (AC_SK = 1nn), with no ArtistID:
        // the artist comes from AC_PK.
        json!({
            "PK": {"S": "trk0000000000002"}, "SK": {"S": "trk0000000000002"},
            "AA_PK": {"S": SHARED}, "AA_SK": {"S": "101"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "102"},
            "TrackTitle": {"S": "Fog"}, "AudioURL": {"S": url("fog")},
            "AlbumTitle": {"S": "Hvítá"}, "ArtistName": {"S": "Ásta"}
        }),
        // Featured as a string "True", FeatureSort "101".
        json!({
            "PK": {"S": "trk0000000000003"}, "SK": {"S": "trk0000000000003"},
            "AA_PK": {"S": SHARED}, "AA_SK": {"S": "102"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "101"},
            "TrackTitle": {"S": "Black Sand"}, "AudioURL": {"S": url("black-sand")},
            "AlbumTitle": {"S": "Hvítá"}, "ArtistID": {"S": ASTA},
            "ArtistName": {"S": "Ásta"},
            "Featured": {"S": "True"}, "FeatureSort": {"S": "101"}
        }),
        // A single featured first (FeatureSort 100, held as a number), though
        // its AC_SK (3nn) comes after every featured album track.
        json!({
            "PK": {"S": "sgl0000000000001"}, "SK": {"S": "sgl0000000000001"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "300"},
            "TrackTitle": {"S": "Christmas in Akureyri"}, "AudioURL": {"S": url("xmas")},
            "ArtistID": {"S": ASTA}, "ArtistName": {"S": "Ásta"},
            "ReleaseDate": {"S": "2023-12-01"}, "License": {"S": "by"},
            "Featured": {"S": "1"}, "FeatureSort": {"N": "100"}
        }),
        json!({
            "PK": {"S": "sgl0000000000002"}, "SK": {"S": "sgl0000000000002"},
            "AC_PK": {"S": ASTA}, "AC_SK": {"S": "301"},
            "TrackTitle": {"S": "Midsummer"}, "AudioURL": {"S": url("midsummer")},
            "ArtistID": {"S": ASTA}, "ArtistName": {"S": "Ásta"},
            "Featured": {"S": "false"}
        }),
        // Another artist, with an album item under the same album id, and a
        // track whose AA_PK points at Ásta's album.
        json!({
            "PK": {"S": BJORN}, "SK": {"S": BJORN},
            "AA_PK": {"S": "ARTISTS"}, "AA_SK": {"S": "Björn"},
            "AC_PK": {"S": BJORN}, "AC_SK": {"S": "000"},
            "ImageURL": {"S": ""}
        }),
        json!({
            "PK": {"S": BJORN}, "SK": {"S": SHARED},
            "AA_PK": {"S": SHARED}, "AA_SK": {"S": "000"},
            "AC_PK": {"S": BJORN}, "AC_SK": {"S": "200"},
            "AlbumTitle": {"S": "Hijacked Title"}, "ArtistName": {"S": "Björn"}
        }),
        json!({
            "PK": {"S": "trk000000000000b"}, "SK": {"S": "trk000000000000b"},
            "AA_PK": {"S": SHARED}, "AA_SK": {"S": "103"},
            "TrackTitle": {"S": "Intruder"}, "AudioURL": {"S": url("intruder")},
            "AlbumTitle": {"S": "Hijacked Title"}, "ArtistID": {"S": BJORN},
            "ArtistName": {"S": "Björn"}
        }),
        json!({
            "PK": {"S": "sgl000000000000b"}, "SK": {"S": "sgl000000000000b"},
            "AC_PK": {"S": BJORN}, "AC_SK": {"S": "300"},
            "TrackTitle": {"S": "Björn's Single"}, "AudioURL": {"S": url("bjorn")},
            "ArtistID": {"S": BJORN}, "ArtistName": {"S": "Björn"}
        }),
    ];
    let count = items.len();
    json!({ "Items": items, "Count": count, "ScannedCount": count, "ConsumedCapacity": null })
        .to_string()
}
