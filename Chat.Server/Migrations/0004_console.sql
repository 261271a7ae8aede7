-- Agent console: internal notes on chats, canned answers, metric samples for the supervisor charts.

CREATE TABLE conversation_notes (
    id               uuid PRIMARY KEY,
    conversation_id  uuid        NOT NULL REFERENCES conversations (id),
    author_id        uuid        NOT NULL,
    author_name      text        NOT NULL,
    body             text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX conversation_notes_conversation ON conversation_notes (conversation_id, created_at);

CREATE TABLE canned_answers (
    shortcut    text PRIMARY KEY CHECK (shortcut ~ '^/[a-z0-9-]{1,30}$'),
    title       text        NOT NULL,
    body        text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  uuid        NULL
);

-- Sampled by one instance at a time; the charts read the last hour and day from here.
CREATE TABLE metric_samples (
    at                      timestamptz PRIMARY KEY,
    waiting                 integer NOT NULL,
    active_chats            integer NOT NULL,
    first_response_seconds  integer NULL
);

-- The live figures count chats of the last hour and tickets of today.
CREATE INDEX conversations_queued_at ON conversations (queued_at);
CREATE INDEX tickets_created_at ON tickets (created_at);

INSERT INTO canned_answers (shortcut, title, body, updated_at) VALUES
('/salam', 'Salam pembuka', 'Selamat datang di HELPDESK LPSE Kabupaten Tanah Laut. Ada yang bisa kami bantu terkait SPSE?', now()),
('/reset', 'Reset kata sandi SPSE', 'Untuk reset kata sandi SPSE, silakan klik "Lupa Password" di halaman login SPSE lalu masukkan User ID dan email terdaftar. Tautan reset dikirim ke email tersebut dan berlaku 1 jam. Jika email sudah tidak aktif, datang ke kantor LPSE dengan membawa KTP dan surat kuasa perusahaan untuk verifikasi ulang.', now()),
('/aktivasi', 'Aktivasi akun penyedia', 'Setelah mendaftar di SPSE, akun penyedia diaktifkan setelah verifikasi dokumen. Silakan datang ke LPSE Tanah Laut membawa dokumen asli (KTP, NPWP, akta pendirian, izin usaha) atau kirim sesuai petunjuk verifikasi daring. Aktivasi gratis.', now()),
('/browser', 'Masalah tampilan atau browser', 'Mohon gunakan versi terbaru Google Chrome atau Mozilla Firefox, hapus cache dan cookie browser, lalu coba lagi. Pastikan tanggal dan jam komputer sudah benar, karena SPSE menolak sesi bila jam tidak sesuai.', now()),
('/spamkodok', 'Enkripsi dokumen penawaran (SPAMKODOK)', 'Dokumen penawaran harus dienkripsi dengan aplikasi SPAMKODOK versi terbaru yang diunduh dari SPSE paket bersangkutan. Pastikan file penawaran tidak lebih dari batas ukuran dan diunggah sebelum batas waktu pemasukan.', now()),
('/jadwal', 'Perubahan jadwal tender', 'Perubahan jadwal tender ditetapkan oleh Pokja Pemilihan dan tampil di halaman paket SPSE. Silakan pantau informasi paket dan email notifikasi dari SPSE secara berkala.', now()),
('/tiket', 'Dilanjutkan lewat tiket', 'Kendala Anda perlu pengecekan lebih lanjut. Kami buatkan tiket, dan perkembangannya dapat Anda lihat di jendela chat ini atau lewat email.', now()),
('/penutup', 'Salam penutup', 'Terima kasih telah menghubungi HELPDESK LPSE Kabupaten Tanah Laut. Semoga lancar proses pengadaannya.', now());
