"""Transformer models as the PyTorch tutorials write them: a word-level language model
(sinusoidal positional encoding buffer, nn.TransformerEncoder, generate_square_subsequent_mask)
and a seq2seq translator (nn.Transformer, masks built with triu / masked_fill, padding masks,
encode / decode used separately for greedy decoding). Weights set from numpy; a few training
steps; losses and decoded tokens match torch."""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text

rng = np.random.default_rng(99)


def set_weights(model, scale=0.2):
    sd = {}
    for k, v in model.state_dict().items():
        if k.endswith("pe"):
            sd[k] = v
        elif v.dim() == 1 and "norm" in k and k.endswith("weight"):
            sd[k] = torch.tensor((1 + 0.1 * rng.normal(size=tuple(v.shape))).astype(np.float32))
        else:
            sd[k] = torch.tensor((scale * rng.normal(size=tuple(v.shape))).astype(np.float32))
    model.load_state_dict(sd)


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, max_len=50):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        x = x + self.pe[:x.size(0)]
        return self.dropout(x)


class TransformerModel(nn.Module):
    def __init__(self, ntoken, d_model, nhead, d_hid, nlayers, dropout=0.5):
        super().__init__()
        self.model_type = "Transformer"
        self.pos_encoder = PositionalEncoding(d_model, dropout)
        encoder_layers = nn.TransformerEncoderLayer(d_model, nhead, d_hid, dropout)
        self.transformer_encoder = nn.TransformerEncoder(encoder_layers, nlayers)
        self.embedding = nn.Embedding(ntoken, d_model)
        self.d_model = d_model
        self.linear = nn.Linear(d_model, ntoken)

    def forward(self, src, src_mask=None):
        src = self.embedding(src) * math.sqrt(self.d_model)
        src = self.pos_encoder(src)
        if src_mask is None:
            src_mask = nn.Transformer.generate_square_subsequent_mask(len(src))
        output = self.transformer_encoder(src, src_mask)
        return self.linear(output)


ntokens, bptt = 23, 6
lm = TransformerModel(ntokens, 16, 2, 32, 2, dropout=0.0)
set_weights(lm)
emit("pe", lm.pos_encoder.pe[:4, 0])
opt = torch.optim.SGD(lm.parameters(), lr=0.5)
stream = torch.tensor(rng.integers(0, ntokens, size=(40, 3)))
lm.train()
losses = []
for i in range(0, 30, bptt):
    data, targets = stream[i:i + bptt], stream[i + 1:i + 1 + bptt].reshape(-1)
    output = lm(data)
    loss = F.cross_entropy(output.view(-1, ntokens), targets)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(lm.parameters(), 0.5)
    opt.step()
    losses.append(loss.item())
emit("lm_losses", losses)
lm.eval()
with torch.no_grad():
    emit("lm_eval_loss", F.cross_entropy(lm(stream[30:36]).view(-1, ntokens), stream[31:37].reshape(-1)))

# seq2seq translation
PAD_IDX, BOS_IDX, EOS_IDX = 1, 2, 3


def generate_square_subsequent_mask(sz):
    mask = (torch.triu(torch.ones((sz, sz))) == 1).transpose(0, 1)
    return mask.float().masked_fill(mask == 0, float("-inf")).masked_fill(mask == 1, float(0.0))


def create_mask(src, tgt):
    src_seq_len, tgt_seq_len = src.shape[0], tgt.shape[0]
    tgt_mask = generate_square_subsequent_mask(tgt_seq_len)
    src_mask = torch.zeros((src_seq_len, src_seq_len)).type(torch.bool)
    src_padding_mask = (src == PAD_IDX).transpose(0, 1)
    tgt_padding_mask = (tgt == PAD_IDX).transpose(0, 1)
    return src_mask, tgt_mask, src_padding_mask, tgt_padding_mask


class TokenEmbedding(nn.Module):
    def __init__(self, vocab_size, emb_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_size)
        self.emb_size = emb_size

    def forward(self, tokens):
        return self.embedding(tokens.long()) * math.sqrt(self.emb_size)


class Seq2SeqTransformer(nn.Module):
    def __init__(self, num_encoder_layers, num_decoder_layers, emb_size, nhead, src_vocab_size, tgt_vocab_size,
                 dim_feedforward=32, dropout=0.1):
        super().__init__()
        self.transformer = nn.Transformer(d_model=emb_size, nhead=nhead, num_encoder_layers=num_encoder_layers,
                                          num_decoder_layers=num_decoder_layers, dim_feedforward=dim_feedforward,
                                          dropout=dropout)
        self.generator = nn.Linear(emb_size, tgt_vocab_size)
        self.src_tok_emb = TokenEmbedding(src_vocab_size, emb_size)
        self.tgt_tok_emb = TokenEmbedding(tgt_vocab_size, emb_size)
        self.positional_encoding = PositionalEncoding(emb_size, dropout=dropout)

    def forward(self, src, trg, src_mask, tgt_mask, src_padding_mask, tgt_padding_mask, memory_key_padding_mask):
        src_emb = self.positional_encoding(self.src_tok_emb(src))
        tgt_emb = self.positional_encoding(self.tgt_tok_emb(trg))
        outs = self.transformer(src_emb, tgt_emb, src_mask, tgt_mask, None, src_padding_mask, tgt_padding_mask,
                                memory_key_padding_mask)
        return self.generator(outs)

    def encode(self, src, src_mask):
        return self.transformer.encoder(self.positional_encoding(self.src_tok_emb(src)), src_mask)

    def decode(self, tgt, memory, tgt_mask):
        return self.transformer.decoder(self.positional_encoding(self.tgt_tok_emb(tgt)), memory, tgt_mask)


SRC_V, TGT_V = 19, 21
s2s = Seq2SeqTransformer(2, 2, 16, 4, SRC_V, TGT_V, dropout=0.0)
set_weights(s2s)
emit_text("s2s_param_count", sum(p.numel() for p in s2s.parameters()))
loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD_IDX)
optimizer = torch.optim.Adam(s2s.parameters(), lr=0.001, betas=(0.9, 0.98), eps=1e-9)
src = torch.tensor(rng.integers(4, SRC_V, size=(7, 3)))
tgt = torch.tensor(rng.integers(4, TGT_V, size=(6, 3)))
src[5:, 0] = PAD_IDX
tgt[4:, 1] = PAD_IDX
tgt[0] = BOS_IDX
s2s_losses = []
for step in range(4):
    tgt_input = tgt[:-1, :]
    src_mask, tgt_mask, src_padding_mask, tgt_padding_mask = create_mask(src, tgt_input)
    logits = s2s(src, tgt_input, src_mask, tgt_mask, src_padding_mask, tgt_padding_mask, src_padding_mask)
    optimizer.zero_grad()
    tgt_out = tgt[1:, :]
    loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
    loss.backward()
    optimizer.step()
    s2s_losses.append(loss.item())
emit("s2s_losses", s2s_losses)


def greedy_decode(model, src, src_mask, max_len, start_symbol):
    memory = model.encode(src, src_mask)
    ys = torch.ones(1, 1).fill_(start_symbol).type(torch.long)
    for i in range(max_len - 1):
        tgt_mask = generate_square_subsequent_mask(ys.size(0)).type(torch.bool)
        out = model.decode(ys, memory, tgt_mask)
        out = out.transpose(0, 1)
        prob = model.generator(out[:, -1])
        _, next_word = torch.max(prob, dim=1)
        next_word = next_word.item()
        ys = torch.cat([ys, torch.ones(1, 1).type_as(src.data).fill_(next_word)], dim=0)
        if next_word == EOS_IDX:
            break
    return ys


s2s.eval()
one = src[:, 2:3]
decoded = greedy_decode(s2s, one, torch.zeros(7, 7).type(torch.bool), 6, BOS_IDX)
emit("greedy", decoded.flatten())
